/**
 * A newly locked flake input brings its own flake.lock: its inputs are
 * locked as that lock has them (the dependency's pins, not the branch's
 * newest commit), as Nix does; `--update-input dep/inner` takes the
 * branch's newest commit for it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadLockedFlake } from "../../src/flake/locked-flake.ts";
import { force, type Value } from "../../src/nix/value.ts";
import { fetchContext, loopback, tarball, tree } from "./loopback.ts";

test("a dependency's own flake.lock pins its inputs", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  const old = "1".repeat(40);
  const newer = "2".repeat(40);
  server.refs.set("alice/inner/HEAD", newer);
  server.archives.set(`alice/inner/${old}`, tarball(tree({ "flake.nix": `{ outputs = { self }: { v = "old"; }; }` }), "top"));
  server.archives.set(`alice/inner/${newer}`, tarball(tree({ "flake.nix": `{ outputs = { self }: { v = "new"; }; }` }), "top"));
  const fetch = fetchContext(server);
  const { ctx } = flakeEvaluation({ warn: () => undefined });
  // Lock the dependency on its own while HEAD is the old commit: its flake.lock pins it.
  server.refs.set("alice/inner/HEAD", old);
  const dep = tree({ "flake.nix": `{ inputs.inner.url = "github:alice/inner"; outputs = { self, inner }: { v = inner.v; }; }` });
  const opts = { fetch, overrides: new Map(), updates: new Set<string>(), recreate: false, writeLockFile: true, warn: () => undefined };
  await loadLockedFlake(dep, ctx, opts);
  server.refs.set("alice/inner/HEAD", newer);
  fetch.clock.now += 7200;

  const dir = tree({ "flake.nix": `{ inputs.dep.url = "path:${dep}"; outputs = { self, dep }: { v = dep.v; }; }` });
  const r = await loadLockedFlake(dir, flakeEvaluation({ warn: () => undefined }).ctx, opts);
  assert.equal(force(r.outputs.get("v") as Value), "old");
  const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  assert.equal(lock.nodes.inner.locked.rev, old);
  assert.deepEqual(lock.nodes.dep.inputs, { inner: "inner" });

  const u = await loadLockedFlake(dir, flakeEvaluation({ warn: () => undefined }).ctx, { ...opts, updates: new Set(["dep/inner"]) });
  assert.equal(force(u.outputs.get("v") as Value), "new", "--update-input dep/inner takes the branch's newest commit");
});
