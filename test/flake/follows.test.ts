/**
 * Follows as Nix resolves and records them: nested overrides
 * (`inputs.a.inputs.b.follows`), follows of follows, follows declared in
 * a dependency's own flake.nix (relative to that flake), a follows to a
 * built-in stand-in; non-flake path inputs; tarball inputs revalidated
 * by ETag after the TTL; --override-input of a nested and of a built-in
 * input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadLockedFlake } from "../../src/flake/locked-flake.ts";
import type { FetchContext } from "../../src/flake/fetch/fetch-context.ts";
import { force, NixAttrs, type Value } from "../../src/nix/value.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { fetchContext, loopback, tarball, tree } from "./loopback.ts";

async function load(dir: string, fetch: FetchContext) {
  const warnings: string[] = [];
  const { ctx } = flakeEvaluation({ warn: (w) => void warnings.push(w) });
  const r = await loadLockedFlake(dir, ctx, { fetch, overrides: new Map(), updates: new Set(), recreate: false, writeLockFile: true, warn: (w) => void warnings.push(w) });
  return { ...r, warnings, get: (path: string): Value => path.split(".").reduce<Value>((v, k) => force((v as NixAttrs).get(k) as Value), r.outputs) };
}

test("nested follows, follows of follows, a dependency's own follows and a follows to a stand-in", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  server.unreachable.add("nixos/nixpkgs");
  const fetch = fetchContext(server);
  const leaf = (name: string) => tree({ "flake.nix": `{ outputs = { self }: { name = "${name}"; }; }` });
  const b1 = leaf("b1");
  const b2 = leaf("b2");
  const c = leaf("c");
  // a's own flake.nix: its input x follows its own input b (relative to a).
  const a = tree({ "flake.nix": `{ inputs.b.url = "path:${b1}"; inputs.x.follows = "b"; inputs.np.url = "github:nixos/nixpkgs"; outputs = { self, b, x, np }: { names = b.name + "," + x.name; np = np ? lib; }; }` });
  const dir = tree({
    "flake.nix": `{
      inputs.a = { url = "path:${a}"; inputs.b.follows = "c"; };
      inputs.c = { url = "path:${c}"; };
      inputs.d.follows = "a/b";
      inputs.other.url = "path:${b2}";
      outputs = { self, a, c, d, other }: { names = a.names; d = d.name; np = a.np; };
    }`,
  });
  const r = await load(dir, fetch);
  assert.equal(r.get("names"), "c,c", "a's b follows the root's c, and a's x follows a's b");
  assert.equal(r.get("d"), "c", "d follows a/b, which follows c");
  assert.equal(r.get("np"), true, "a's nixpkgs is the stand-in");
  assert.deepEqual(r.warnings.filter((w) => w.startsWith("cannot fetch")).map((w) => w.split(":")[0]), ["cannot fetch input 'a/np' (github"], "one warning, naming the input");
  const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  assert.deepEqual(lock.nodes.root.inputs, { a: "a", c: "c", d: ["a", "b"], other: "other" });
  assert.deepEqual(lock.nodes.a.inputs, { b: ["c"], x: ["a", "b"] });

  const broken = tree({ "flake.nix": `{ inputs.d.follows = "nope/x"; outputs = { self, d }: {}; }` });
  await assert.rejects(load(broken, fetch), (e: unknown) => e instanceof UserError && e.message === "input 'd' follows a non-existent input 'nope/x'");
});

test("a non-flake path input is its source information; a tarball input is revalidated by ETag after the TTL", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  const fetch = fetchContext(server);
  server.files.set("d.tar.gz", tarball(tree({ "x.txt": "one\n" }), "d", 1600000000));
  const src = tree({ "a.txt": "a\n" });
  const dir = tree({
    "flake.nix": `{
      inputs.src = { url = "path:${src}"; flake = false; };
      inputs.d = { url = "${server.url}/files/d.tar.gz"; flake = false; };
      outputs = { self, src, d }: { a = builtins.readFile (src + "/a.txt"); x = builtins.readFile "\${d}/x.txt"; lm = d.lastModified; h = src.narHash == src.sourceInfo.narHash; };
    }`,
  });
  const r = await load(dir, fetch);
  assert.equal(r.get("a"), "a\n");
  assert.equal(r.get("x"), "one\n");
  assert.equal(r.get("lm"), 1600000000n);
  assert.equal(r.get("h"), true);
  assert.equal(server.requests.length, 1);
  const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  assert.equal(lock.nodes.src.flake, false);
  assert.equal(lock.nodes.d.locked.type, "tarball");

  // A new flake with the same URL: within the TTL no request; after it a conditional one answered 304.
  const dir2 = tree({ "flake.nix": `{ inputs.d = { url = "${server.url}/files/d.tar.gz"; flake = false; }; outputs = { self, d }: { x = builtins.readFile "\${d}/x.txt"; }; }` });
  assert.equal((await load(dir2, fetch)).get("x"), "one\n");
  assert.equal(server.requests.length, 1);
  fetch.clock.now += 7200;
  const dir3 = tree({ "flake.nix": readFileSync(join(dir2, "flake.nix"), "utf8") });
  assert.equal((await load(dir3, fetch)).get("x"), "one\n");
  assert.equal(server.requests.length, 2);
  assert.deepEqual(server.notModified, ["/files/d.tar.gz"], "revalidated with its ETag: 304");
});

test("--override-input: a nested input (a/b) and a built-in one (nixpkgs) point at local trees; nothing is written", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  server.unreachable.add("nixos/nixpkgs");
  const fetch = fetchContext(server);
  const leaf = (name: string) => tree({ "flake.nix": `{ outputs = { self }: { name = "${name}"; }; }` });
  const a = tree({ "flake.nix": `{ inputs.b.url = "path:${leaf("b")}"; outputs = { self, b }: { name = "a+" + b.name; }; }` });
  const dir = tree({ "flake.nix": `{ inputs.a.url = "path:${a}"; inputs.nixpkgs.url = "github:nixos/nixpkgs"; outputs = { self, a, nixpkgs }: { a = a.name; np = nixpkgs.name or "stand-in"; }; }` });
  const warnings: string[] = [];
  const { ctx } = flakeEvaluation({ warn: () => undefined });
  const { parseFlakeRef } = await import("../../src/nix/flake-ref/flake-ref.ts");
  const overrides = new Map([["a/b", parseFlakeRef(`path:${leaf("local-b")}`)], ["nixpkgs", parseFlakeRef(`path:${leaf("local-nixpkgs")}`)]]);
  const r = await loadLockedFlake(dir, ctx, { fetch, overrides, updates: new Set(), recreate: false, writeLockFile: true, warn: (w) => void warnings.push(w) });
  assert.equal(force(r.outputs.get("a") as Value), "a+local-b");
  assert.equal(force(r.outputs.get("np") as Value), "local-nixpkgs");
  assert.match(warnings.join("\n"), /^not writing modified lock file of flake '.*':\n• Added input 'a':/);
  assert.equal(existsSync(join(dir, "flake.lock")), false);
  const plain = await load(dir, fetch);
  assert.equal(plain.get("np"), "stand-in");
  assert.equal(plain.get("a"), "a+b");
});
