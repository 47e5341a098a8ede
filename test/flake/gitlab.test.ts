/**
 * A gitlab: input: the branch resolved through GitLab's commits API, the
 * commit's archive fetched and locked, from a loopback server.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadLockedFlake } from "../../src/flake/locked-flake.ts";
import { force, NixAttrs } from "../../src/nix/value.ts";
import { fetchContext, loopback, tarball, tree } from "./loopback.ts";

test("a gitlab input is resolved through the commits API and fetched as the commit's archive", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  const rev = "c".repeat(40);
  server.refs.set("grp/proj/main", rev);
  server.archives.set(`grp/proj/${rev}`, tarball(tree({ "flake.nix": `{ outputs = { self }: { v = "gl"; }; }` }), `proj-${rev}`));
  const fetch = fetchContext(server);
  const dir = tree({ "flake.nix": `{ inputs.p.url = "gitlab:grp/proj/main"; outputs = { self, p }: { v = p.v; r = p.rev; }; }` });
  const { ctx } = flakeEvaluation({ warn: () => undefined });
  const r = await loadLockedFlake(dir, ctx, { fetch, overrides: new Map(), updates: new Set(), recreate: false, writeLockFile: true, warn: () => undefined });
  assert.equal(force(r.outputs.get("v") as NixAttrs), "gl");
  assert.equal(r.outputs.get("r"), rev);
  assert.deepEqual(server.requests, ["/gl/api/v4/projects/grp%2Fproj/repository/commits?ref_name=main", `/gl/api/v4/projects/grp%2Fproj/repository/archive.tar.gz?sha=${rev}`]);
  const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  assert.deepEqual(lock.nodes.p.original, { owner: "grp", ref: "main", repo: "proj", type: "gitlab" });
  assert.equal(lock.nodes.p.locked.rev, rev);
});
