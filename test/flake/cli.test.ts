/**
 * Flake inputs through the command line: `flake lock` over a local git
 * repository, path flakes and nested follows (the lock as Nix writes
 * it), `flake metadata`'s tree, `flake update NAME` taking a new commit,
 * `eval --override-input` pointing an input at a local tree without
 * writing the lock, a tarball input (`flake = false`) from a loopback
 * server, and --offline without a cache failing with the input's name.
 * GitHub is out of reach unless a test says otherwise (no-network.ts): a
 * github:nixos/nixpkgs input is the built-in stand-in, with a warning.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { gitRepo, loopback, tarball, tmp, tree } from "./loopback.ts";
import { NO_GITHUB, standInWarning } from "../helpers/no-network.ts";

function io(cwd: string, env: Record<string, string> = {}) {
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { SYSTEM_MANAGER_PACKAGES: "off", HOME: tmp("home"), ...NO_GITHUB, ...env }, cwd };
  return r;
}

test("flake lock: a git input, path flakes and nested follows, recorded as Nix records them; metadata shows the tree; update takes a new commit", async () => {
  const lib = gitRepo({ "flake.nix": `{ inputs.helper.url = "path:./helper"; outputs = { self, helper }: { v = "lib-" + helper.name; }; }`, "helper/flake.nix": `{ outputs = { self }: { name = "inner"; }; }` }, 1700000000);
  const alt = tree({ "flake.nix": `{ outputs = { self }: { name = "alt"; }; }` });
  const dir = tree({
    "flake.nix": `{
      inputs.lib.url = "git+file://${lib.dir}";
      inputs.lib.inputs.helper.follows = "alt";
      inputs.alt.url = "path:${alt}";
      inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-24.05";
      outputs = { self, lib, alt, nixpkgs }: { v = lib.v; rev = lib.rev; count = lib.revCount; };
    }`,
  });
  const root = tmp("root");
  const x = io(dir);
  assert.equal(await main(["flake", "lock", "--root", root], x), 0, x.err);
  const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  assert.deepEqual(Object.keys(lock.nodes).sort(), ["alt", "lib", "root"]);
  assert.deepEqual(lock.nodes.root, { inputs: { alt: "alt", lib: "lib" } }, "nixpkgs could not be fetched: not locked");
  assert.match(x.err, standInWarning("nixpkgs"));
  assert.deepEqual(lock.nodes.lib.inputs, { helper: ["alt"] });
  assert.deepEqual(lock.nodes.lib.original, { type: "git", url: `file://${lib.dir}` });
  const { narHash, ...locked } = lock.nodes.lib.locked;
  assert.match(narHash, /^sha256-[A-Za-z0-9+/]{43}=$/);
  assert.deepEqual(locked, { lastModified: 1700000000, ref: "main", rev: lib.rev, revCount: 1, type: "git", url: `file://${lib.dir}` });
  assert.equal(lock.nodes.alt.locked.type, "path");
  assert.equal(lock.nodes.alt.locked.path, alt);
  assert.match(x.err, /warning: creating lock file '.*flake\.lock':\n• Added input 'alt':\n    'path:.*' \(\d{4}-\d\d-\d\d\)\n• Added input 'lib':\n    'git\+file:\/\/.*\?ref=main&rev=[0-9a-f]{40}' \(2023-11-14\)\n• Added input 'lib\/helper':\n    follows 'alt'\n/);

  const e = io(dir);
  assert.equal(await main(["eval", "--root", root, "--json", "--flake", ".#v"], e), 0, e.err);
  assert.equal(e.out, '"lib-alt"\n', "lib's helper follows the root's alt");
  assert.doesNotMatch(e.err, /lock file/, "the lock is complete: nothing written");

  const m = io(dir);
  assert.equal(await main(["flake", "metadata", "--root", root], m), 0, m.err);
  assert.match(m.out, /^Resolved URL:  path:.*\nLocked URL:    path:.*\?lastModified=\d+&narHash=sha256-.*\nPath: .*\nLast modified: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\nInputs:\n├───alt: path:.*\n├───lib: git\+file:\/\/.*\?ref=main&rev=[0-9a-f]{40}\n│   └───helper follows input 'alt'\n└───nixpkgs: built-in nixpkgs\n$/);

  const rev2 = lib.commit({ "flake.nix": `{ inputs.helper.url = "path:./helper"; outputs = { self, helper }: { v = "lib2-" + helper.name; }; }` }, 1700086400);
  const before = readFileSync(join(dir, "flake.lock"), "utf8");
  const l = io(dir);
  assert.equal(await main(["flake", "lock", "--root", root], l), 0, l.err);
  assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), before, "lock changes nothing that is locked");
  const u = io(dir);
  assert.equal(await main(["flake", "update", "lib", "--root", root], u), 0, u.err);
  assert.match(u.err, /warning: updating lock file '.*':\n• Updated input 'lib':\n    'git\+file:.*' \(2023-11-14\)\n  → 'git\+file:.*' \(2023-11-15\)\n/);
  const after = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  assert.equal(after.nodes.lib.locked.rev, rev2);
  assert.equal(after.nodes.lib.locked.revCount, 2);
  const e2 = io(dir);
  assert.equal(await main(["eval", "--root", root, "--flake", ".#v"], e2), 0, e2.err);
  assert.equal(e2.out, '"lib2-alt"\n');
});

test("--override-input points an input at a local tree and writes no lock; --offline without a cache names the input", async () => {
  const server = await loopback();
  try {
    const REV = "0123456789abcdef0123456789abcdef01234567";
    server.refs.set("alice/dep/HEAD", REV);
    server.archives.set(`alice/dep/${REV}`, tarball(tree({ "flake.nix": `{ outputs = { self }: { v = "remote"; }; }` }), "top"));
    server.files.set("data.tar.gz", tarball(tree({ "msg.txt": "from a tarball\n" }), "data-1.0"));
    const env = { SYSTEM_MANAGER_GITHUB_API: `${server.url}/api`, SYSTEM_MANAGER_GITHUB_URL: `${server.url}/gh` };
    const dir = tree({
      "flake.nix": `{
        inputs.dep.url = "github:alice/dep";
        inputs.data = { url = "${server.url}/files/data.tar.gz"; flake = false; };
        outputs = { self, dep, data }: { v = dep.v; msg = builtins.readFile "\${data}/msg.txt"; };
      }`,
    });
    const local = tree({ "flake.nix": `{ outputs = { self }: { v = "local"; }; }` });
    const root = tmp("root");

    const off = io(dir, env);
    assert.equal(await main(["eval", "--offline", "--root", root, "--flake", ".#v"], off), 1);
    assert.match(off.err, /cannot fetch input 'data' \(http:\/\/127\.0\.0\.1:\d+\/files\/data\.tar\.gz\): cannot download '.*' while offline, and it is not in the cache/);
    assert.equal(existsSync(join(dir, "flake.lock")), false);

    const o = io(dir, env);
    assert.equal(await main(["eval", "--root", root, "--override-input", "dep", `path:${local}`, "--flake", ".#v"], o), 0, o.err);
    assert.equal(o.out, '"local"\n');
    assert.match(o.err, /warning: not writing modified lock file of flake '.*':\n• Added input 'data':/);
    assert.equal(existsSync(join(dir, "flake.lock")), false);
    assert.equal(server.requests.some((r) => r.startsWith("/api/")), false, "the overridden input is not resolved");

    const r = io(dir, env);
    assert.equal(await main(["eval", "--root", root, "--flake", ".#msg"], r), 0, r.err);
    assert.equal(r.out, '"from a tarball\\n"\n');
    const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
    assert.deepEqual(Object.keys(lock.nodes.data.locked).sort(), ["narHash", "type", "url"]);
    assert.equal(lock.nodes.data.flake, false);
    assert.equal(lock.nodes.dep.locked.rev, REV);

    const again = io(dir, env);
    assert.equal(await main(["eval", "--offline", "--root", root, "--flake", ".#v"], again), 0, again.err);
    assert.equal(again.out, '"remote"\n');
  } finally {
    await server.close();
  }
});

test("an input removed from flake.nix leaves the lock; --recreate-lock-file locks afresh; an unknown --update-input is a warning; --no-write-lock-file writes nothing", async () => {
  const a = tree({ "flake.nix": `{ outputs = { self }: { v = 1; }; }` });
  const b = tree({ "flake.nix": `{ outputs = { self }: { v = 2; }; }` });
  const root = tmp("root");
  const dir = tree({ "flake.nix": `{ inputs.a.url = "path:${a}"; inputs.b.url = "path:${b}"; outputs = { self, a, b }: { v = a.v + b.v; }; }` });
  const x = io(dir);
  assert.equal(await main(["flake", "lock", "--root", root], x), 0, x.err);
  const { writeFileSync } = await import("node:fs");
  writeFileSync(join(dir, "flake.nix"), `{ inputs.a.url = "path:${a}"; outputs = { self, a }: { v = a.v; }; }`);
  const n = io(dir);
  assert.equal(await main(["eval", "--root", root, "--no-write-lock-file", "--flake", ".#v"], n), 0, n.err);
  assert.equal(n.out, "1\n");
  assert.match(n.err, /warning: not writing modified lock file of flake '.*':\n• Removed input 'b'\n/);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8")).nodes).sort(), ["a", "b", "root"]);
  const r = io(dir);
  assert.equal(await main(["build", "--flake", ".", "--root", root, "--update-input", "zzz"], r), 1);
  assert.match(r.err, /warning: the flag '--update-input zzz' does not match any input\nwarning: updating lock file '.*':\n• Removed input 'b'\n/);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8")).nodes).sort(), ["a", "root"]);
  const c = io(dir);
  assert.equal(await main(["flake", "lock", "--recreate-lock-file", "--root", root], c), 0, c.err);
  assert.equal(c.err, "", "recreated, the same lock: nothing to write");
  const bad = io(dir);
  assert.equal(await main(["flake", "lock", "--override-input", "a"], bad), 1);
  assert.match(bad.err, /option '--override-input' takes two arguments, NAME and URL/);
});
