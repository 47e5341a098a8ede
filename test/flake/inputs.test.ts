/**
 * Flake inputs fetched and locked: github inputs through a loopback
 * server (API and archives), a lock written and re-read giving the same
 * trees, offline with and without a cache, the TTL of an unlocked ref,
 * a Nix-format lock honoured exactly, a narHash mismatch refused with
 * nothing changed, a failed download naming the input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadLockedFlake } from "../../src/flake/locked-flake.ts";
import type { FetchContext } from "../../src/flake/fetch/fetch-context.ts";
import { force, NixAttrs, type Value } from "../../src/nix/value.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { fetchContext, loopback, tarball, tree } from "./loopback.ts";

const REV = "0123456789abcdef0123456789abcdef01234567";
/** The NAR hash Nix 2.8 gives the dependency's tree (`nix hash path --sri`). */
const DEP_NAR = "sha256-PHpPBHQK7FXqUyAS0lqungyLzqZyefuywfgWuZpFcY0=";
const DEP = { "flake.nix": "{ outputs = { self }: { answer = 42; }; }\n", "sub/file.txt": "hello\n" };

async function load(dir: string, fetch: FetchContext, more: { updates?: string[]; recreate?: boolean; write?: boolean; overrides?: Record<string, string> } = {}) {
  const warnings: string[] = [];
  const { parseFlakeRef } = await import("../../src/nix/flake-ref/flake-ref.ts");
  const { ctx } = flakeEvaluation({ warn: (w) => void warnings.push(w) });
  const r = await loadLockedFlake(dir, ctx, {
    fetch,
    overrides: new Map(Object.entries(more.overrides ?? {}).map(([k, v]) => [k, parseFlakeRef(v)])),
    updates: new Set(more.updates ?? []),
    recreate: more.recreate ?? false,
    writeLockFile: more.write ?? true,
    warn: (w) => void warnings.push(w),
  });
  return { ...r, warnings, get: (path: string): Value => path.split(".").reduce<Value>((v, k) => force((v as NixAttrs).get(k) as Value), r.outputs) };
}

function storeEntries(fetch: FetchContext): string[] {
  const dir = join(fetch.storeRoot, "var/lib/system-manager/store");
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

const USER = `{
  inputs.dep.url = "github:alice/dep";
  outputs = { self, dep }: {
    answer = dep.answer;
    depRev = dep.rev;
    short = dep.shortRev;
    depNarHash = dep.narHash;
    depLastModified = dep.lastModified;
    date = dep.lastModifiedDate;
    file = builtins.readFile "\${dep}/sub/file.txt";
  };
}`;

test("a github input is resolved through the API, fetched as an archive, locked, and the lock re-read gives the same tree", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  server.refs.set("alice/dep/HEAD", REV);
  server.archives.set(`alice/dep/${REV}`, tarball(tree(DEP), `dep-${REV}`, 1700000000));
  const fetch = fetchContext(server);
  const dir = tree({ "flake.nix": USER });
  const a = await load(dir, fetch);
  assert.equal(a.get("answer"), 42n);
  assert.equal(a.get("depRev"), REV);
  assert.equal(a.get("short"), "0123456");
  assert.equal(a.get("depNarHash"), DEP_NAR);
  assert.equal(a.get("depLastModified"), 1700000000n);
  assert.equal(a.get("date"), "20231114221320");
  assert.equal(a.get("file"), "hello\n");
  const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  assert.deepEqual(lock, {
    nodes: {
      dep: {
        locked: { lastModified: 1700000000, narHash: DEP_NAR, owner: "alice", repo: "dep", rev: REV, type: "github" },
        original: { owner: "alice", repo: "dep", type: "github" },
      },
      root: { inputs: { dep: "dep" } },
    },
    root: "root",
    version: 7,
  });
  assert.match(a.warnings.join("\n"), /creating lock file '.*flake\.lock':\n• Added input 'dep':\n    'github:alice\/dep\/0123456789abcdef0123456789abcdef01234567' \(2023-11-14\)/);
  assert.deepEqual(server.requests, ["/api/repos/alice/dep/commits/HEAD", `/gh/alice/dep/archive/${REV}.tar.gz`]);
  assert.match(fetch.log.join(""), /downloading 'http:\/\/127\.0\.0\.1:\d+\/gh\/alice\/dep\/archive\/0123456789abcdef0123456789abcdef01234567\.tar\.gz'\.\.\./);
  const storePaths = storeEntries(fetch);
  assert.equal(storePaths.length, 1);

  // A new commit upstream: the lock keeps the old one; nothing is asked of the server.
  server.refs.set("alice/dep/HEAD", "f".repeat(40));
  const text = readFileSync(join(dir, "flake.lock"), "utf8");
  const b = await load(dir, fetch);
  assert.equal(b.get("depRev"), REV);
  assert.equal(server.requests.length, 2);
  assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), text);
  assert.deepEqual(b.warnings, []);

  // Offline with the cache: the same; offline on an empty store: a clear error naming the input.
  const c = await load(dir, { ...fetch, offline: true });
  assert.equal(c.get("depRev"), REV);
  const empty = fetchContext(server, { offline: true });
  await assert.rejects(load(dir, empty), (e: unknown) => e instanceof UserError && /^cannot fetch input 'dep' \(github:alice\/dep\/0123456789abcdef0123456789abcdef01234567\): cannot download commit .* while offline, and it is not in the cache$/.test(e.message));
  await assert.rejects(load(tree({ "flake.nix": USER }), empty), (e: unknown) => e instanceof UserError && /cannot fetch input 'dep' \(github:alice\/dep\): cannot resolve 'HEAD' of alice\/dep while offline/.test(e.message));
  assert.deepEqual(storeEntries(empty), []);
});

test("an unlocked ref is resolved again only after the TTL, or with --refresh; `flake update` takes the new commit", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  const rev2 = "a".repeat(40);
  server.refs.set("alice/dep/HEAD", REV);
  server.archives.set(`alice/dep/${REV}`, tarball(tree(DEP), "top"));
  server.archives.set(`alice/dep/${rev2}`, tarball(tree({ ...DEP, "flake.nix": "{ outputs = { self }: { answer = 43; }; }\n" }), "top"));
  const fetch = fetchContext(server);
  const flake = `{ inputs.dep.url = "github:alice/dep"; outputs = { self, dep }: { answer = dep.answer; }; }`;
  assert.equal((await load(tree({ "flake.nix": flake }), fetch)).get("answer"), 42n);
  server.refs.set("alice/dep/HEAD", rev2);
  fetch.clock.now += 60;
  assert.equal((await load(tree({ "flake.nix": flake }), fetch)).get("answer"), 42n, "within the TTL the cached resolution stands");
  assert.equal((await load(tree({ "flake.nix": flake }), { ...fetch, refresh: true })).get("answer"), 43n);
  server.refs.set("alice/dep/HEAD", REV);
  fetch.clock.now += 3600;
  const dir = tree({ "flake.nix": flake });
  assert.equal((await load(dir, fetch)).get("answer"), 42n, "after the TTL it is asked again");
  server.refs.set("alice/dep/HEAD", rev2);
  const updated = await load(dir, fetch, { updates: ["dep"] });
  assert.equal(updated.get("answer"), 43n);
  assert.match(updated.warnings.join("\n"), /updating lock file '.*':\n• Updated input 'dep':\n    'github:alice\/dep\/0123456789abcdef0123456789abcdef01234567' \(2023-11-14\)\n  → 'github:alice\/dep\/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' \(2023-11-14\)/);
});

test("a lock in Nix's format is honoured exactly: the locked commit is fetched, its narHash checked, the file left as it was", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  server.refs.set("alice/dep/main", "b".repeat(40));
  server.archives.set(`alice/dep/${REV}`, tarball(tree(DEP), "top"));
  const nixLock = `{
  "nodes": {
    "dep": {
      "locked": {
        "lastModified": 1700000000,
        "narHash": "${DEP_NAR}",
        "owner": "alice",
        "repo": "dep",
        "rev": "${REV}",
        "type": "github"
      },
      "original": {
        "owner": "alice",
        "ref": "main",
        "repo": "dep",
        "type": "github"
      }
    },
    "nixpkgs": {
      "locked": {
        "lastModified": 1787209939,
        "narHash": "sha256-WvvHR4kSQLAbtouMC/ruZ5UpLwlUcY3K4FAllMN+yGk=",
        "owner": "NixOS",
        "repo": "nixpkgs",
        "rev": "391b592eb44808b3bd0cb80bb71b63a5a118b8bb",
        "type": "github"
      },
      "original": {
        "owner": "NixOS",
        "ref": "nixpkgs-unstable",
        "repo": "nixpkgs",
        "type": "github"
      }
    },
    "root": {
      "inputs": {
        "dep": "dep",
        "nixpkgs": "nixpkgs"
      }
    }
  },
  "root": "root",
  "version": 7
}
`;
  const dir = tree({
    "flake.nix": `{ inputs.dep.url = "github:alice/dep/main"; inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixpkgs-unstable"; outputs = { self, dep, nixpkgs }: { answer = dep.answer; rev = dep.rev; lib = nixpkgs.lib ? concatStringsSep; }; }`,
    "flake.lock": nixLock,
  });
  // nixpkgs' archive cannot be had (the connection is reset): its stand-in serves, its lock entry is kept.
  server.unreachable.add("NixOS/nixpkgs");
  const fetch = fetchContext(server);
  const a = await load(dir, fetch);
  assert.equal(a.get("answer"), 42n);
  assert.equal(a.get("rev"), REV);
  assert.equal(a.get("lib"), true, "nixpkgs is the built-in stand-in");
  assert.deepEqual(server.requests, [`/gh/alice/dep/archive/${REV}.tar.gz`, ...Array(3).fill("/gh/NixOS/nixpkgs/archive/391b592eb44808b3bd0cb80bb71b63a5a118b8bb.tar.gz")], "the locked commits (nixpkgs' tried three times), no API call");
  assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), nixLock);
  assert.equal(a.warnings.length, 1, a.warnings.join("\n"));
  assert.match(a.warnings[0] as string, /^cannot fetch input 'nixpkgs' \(github:NixOS\/nixpkgs\/391b592eb44808b3bd0cb80bb71b63a5a118b8bb\): unable to download '.*': other side closed\n/);

  // A lock whose narHash does not match the tree: refused, nothing changed.
  const bad = nixLock.replace(DEP_NAR, "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  writeFileSync(join(dir, "flake.lock"), bad);
  const fresh = fetchContext(server);
  await assert.rejects(load(dir, fresh), (e: unknown) => e instanceof UserError && e.message === `NAR hash mismatch in input 'dep' (github:alice/dep/${REV}), expected 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', got '${DEP_NAR}'`);
  assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), bad);
  assert.deepEqual(storeEntries(fresh), []);
  // The same against a tree already in the cache.
  await assert.rejects(load(dir, fetch), /NAR hash mismatch in input 'dep'/);
});

test("a failed download is an error naming the input and leaves nothing behind", async (t) => {
  const server = await loopback();
  t.after(() => server.close());
  server.refs.set("alice/dep/HEAD", REV);
  const fetch = fetchContext(server);
  const dir = tree({ "flake.nix": USER });
  await assert.rejects(load(dir, fetch), (e: unknown) => e instanceof UserError && /^cannot fetch input 'dep' \(github:alice\/dep\): unable to download 'http:\/\/127\.0\.0\.1:\d+\/gh\/alice\/dep\/archive\/0123456789abcdef0123456789abcdef01234567\.tar\.gz': HTTP error 404/.test(e.message));
  assert.equal(existsSync(join(dir, "flake.lock")), false);
  assert.deepEqual(storeEntries(fetch), []);
  server.archives.set(`alice/dep/${REV}`, Buffer.from("not a tarball"));
  await assert.rejects(load(dir, fetch), /cannot fetch input 'dep' \(github:alice\/dep\): unable to unpack/);
  assert.deepEqual(storeEntries(fetch), []);
  const down = fetchContext(server, { urls: { githubApi: "http://127.0.0.1:1/api", github: "http://127.0.0.1:1/gh", gitlab: "http://127.0.0.1:1" } });
  await assert.rejects(load(dir, down), /cannot fetch input 'dep' \(github:alice\/dep\): unable to download 'http:\/\/127\.0\.0\.1:1\/api\/repos\/alice\/dep\/commits\/HEAD'/);
});
