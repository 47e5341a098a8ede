/**
 * cachedBuild on a temporary root, with a stand-in build that reads a file
 * through nodeIO (as the evaluator does) and writes a store path: a hit
 * skips the build and prints its warnings again; a changed read, a
 * generation gone from the store, --no-eval-cache, another CLI's entry (a
 * system's for a home, or one user's home for another's) and a cache that
 * is not ours (a corrupt or foreign-owned entry, a directory others may
 * write) all build.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeIO } from "../../nix/io.ts";
import { writeStorePath } from "../../store/write-store-path.ts";
import { cachedBuild, type CachedBuildRequest } from "./cached-build.ts";
import { CacheFiles } from "./cache-file.ts";
import { invocationKey, type Invocation } from "./invocation-key.ts";

const isRoot = process.geteuid?.() === 0;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "sm-cached-build-"));
  const input = join(dir, "input.txt");
  writeFileSync(input, "one");
  let builds = 0;
  let err = "";
  const req = (over: Partial<CachedBuildRequest> = {}): CachedBuildRequest => ({
    root: dir,
    invocation: { kind: "test", config: { file: input }, root: dir, impure: false, offline: false, system: "x86_64-linux", env: {} },
    lookup: true,
    store: true,
    stderr: (t) => void (err += t),
    ...over,
  });
  const build = (over?: Partial<CachedBuildRequest>) => {
    err = "";
    return cachedBuild(req(over), async (_recorder, stderr) => {
      builds++;
      const content = nodeIO.readFile(input);
      stderr("evaluation warning: from the build\n");
      return writeStorePath(dir, "generation", new Map([["", { kind: "file", content, executable: false }]]));
    });
  };
  return { dir, input, build, builds: () => builds, err: () => err, cacheDir: new CacheFiles(dir).dir };
}

test("a hit does not build, gives the same path and prints the build's warnings again", async () => {
  const s = setup();
  const first = await s.build();
  const second = await s.build();
  assert.equal(s.builds(), 1);
  assert.equal(second, first);
  assert.equal(s.err(), "evaluation warning: from the build\n");
});

test("a changed file the build read, a generation gone from the store and --no-eval-cache build again", async () => {
  const s = setup();
  const first = await s.build();
  writeFileSync(s.input, "two");
  const second = await s.build();
  assert.equal(s.builds(), 2);
  assert.notEqual(second, first);
  rmSync(join(s.dir, second), { force: true });
  assert.equal(await s.build(), second);
  assert.equal(s.builds(), 3);
  await s.build({ lookup: false, store: false });
  assert.equal(s.builds(), 4);
  await s.build();
  assert.equal(s.builds(), 4, "--no-eval-cache left the entry as it was");
});

test("a system entry never answers a home invocation, nor one user's home another's, even under its name", async () => {
  const s = setup();
  const base = { config: { file: s.input }, root: s.dir, impure: false, offline: false, system: "x86_64-linux", env: { HOME: "/home/bob" } };
  const system: Invocation = { kind: "system", ...base };
  const bob: Invocation = { kind: "home", home: { user: "bob", dir: "/home/bob" }, ...base };
  const alice: Invocation = { kind: "home", home: { user: "alice", dir: "/home/bob" }, ...base };
  const generation = await s.build({ invocation: system });
  await s.build({ invocation: bob });
  assert.equal(s.builds(), 2, "a home build is not answered by the system's entry");
  await s.build({ invocation: system });
  await s.build({ invocation: bob });
  assert.equal(s.builds(), 2, "each answers its own");
  await s.build({ invocation: alice });
  assert.equal(s.builds(), 3, "another user's home");
  // An entry copied to another invocation's file name is still the one it was written for.
  const file = (inv: Invocation) => join(s.cacheDir, `${CacheFiles.entryName(invocationKey(inv).hash, generation)}.json`);
  writeFileSync(file(bob), readFileSync(file(system)));
  await s.build({ invocation: bob });
  assert.equal(s.builds(), 4, "the system's entry under the home's name is no entry");
  writeFileSync(file(system), readFileSync(file(bob)));
  await s.build({ invocation: system });
  assert.equal(s.builds(), 5, "nor the home's under the system's");
});

test("a corrupt entry is no entry, and is replaced", async () => {
  const s = setup();
  await s.build();
  const [file] = readdirSync(s.cacheDir);
  writeFileSync(join(s.cacheDir, file as string), "{ not json");
  await s.build();
  assert.equal(s.builds(), 2);
  await s.build();
  assert.equal(s.builds(), 2);
});

test("an entry owned by another user is ignored, and replaced by ours", { skip: isRoot ? false : "needs root to chown" }, async () => {
  const s = setup();
  await s.build();
  const [file] = readdirSync(s.cacheDir);
  chownSync(join(s.cacheDir, file as string), 12345, 12345);
  await s.build();
  assert.equal(s.builds(), 2);
  await s.build();
  assert.equal(s.builds(), 2);
});

test("writing an entry removes those unused for 30 days, and killed writers' temporaries older than an hour; a hit marks its entry used", async () => {
  const s = setup();
  await s.build();
  const [a] = readdirSync(s.cacheDir);
  const old = new Date(Date.now() - 31 * 86_400_000);
  writeFileSync(join(s.cacheDir, "stale.json"), "{}");
  utimesSync(join(s.cacheDir, "stale.json"), old, old);
  // What writers killed between their write and their rename left: an entry's, a closure note's, the store sweep's stamp.
  const killed = [".0123abcd.tmp-4242-a1b2c3d4e5f6", ".0123abcd.store.tmp-4242-a1b2c3d4e5f6", "store-swept.tmp-4242"];
  const twoHours = new Date(Date.now() - 2 * 3_600_000);
  for (const t of killed) {
    writeFileSync(join(s.cacheDir, t), "{");
    utimesSync(join(s.cacheDir, t), twoHours, twoHours);
  }
  // One being written right now (by another build) is left to its writer.
  writeFileSync(join(s.cacheDir, ".4567cdef.tmp-4343-0badc0ffee00"), "{");
  utimesSync(join(s.cacheDir, a as string), old, old);
  await s.build();
  assert.equal(s.builds(), 1, "a hit");
  const other = { kind: "test", config: { file: `${s.input}.other` }, root: s.dir, impure: false, offline: false, system: "x86_64-linux", env: {} };
  await s.build({ invocation: other });
  const left = readdirSync(s.cacheDir);
  assert.deepEqual(left.filter((n) => n.includes(".tmp-")), [".4567cdef.tmp-4343-0badc0ffee00"]);
  assert.equal(left.length, 3);
  assert.ok(left.includes(a as string), "the entry a hit used is kept");
  assert.equal(left.includes("stale.json"), false);
});

test("a cache directory others may write is not used, with a warning", async () => {
  const s = setup();
  await s.build();
  chmodSync(s.cacheDir, 0o777);
  await s.build();
  await s.build();
  assert.equal(s.builds(), 3);
  assert.match(s.err(), /^warning: not using the evaluation cache: .*eval-cache is writable by other users\n/);
});

test("closureOf: a generation and what its links and files name, transitively, among the entries the store holds; nothing without a store", async () => {
  const { closureOf } = await import("./cached-build.ts");
  const { mkdirSync, symlinkSync } = await import("node:fs");
  const { STORE_DIR } = await import("../../store/store-path.ts");
  const root = mkdtempSync(join(tmpdir(), "sm-closure-of-"));
  try {
    assert.deepEqual(await closureOf(root, `${STORE_DIR}/${"a".repeat(32)}-gen`), []);
    const store = join(root, STORE_DIR);
    const name = (c: string, n: string) => `${c.repeat(32)}-${n}`;
    mkdirSync(join(store, name("a", "gen"), "etc"), { recursive: true });
    symlinkSync(`${STORE_DIR}/${name("b", "motd")}`, join(store, name("a", "gen"), "etc", "motd"));
    writeFileSync(join(store, name("a", "gen"), "activate"), `exec ${STORE_DIR}/${name("c", "engine")}/bin/x ${STORE_DIR}/${name("d", "gone")}\n`);
    writeFileSync(join(store, name("b", "motd")), "hello\n");
    mkdirSync(join(store, name("c", "engine"), "bin"), { recursive: true });
    writeFileSync(join(store, name("c", "engine"), "bin", "x"), `#!${STORE_DIR}/${name("g", "node")}/bin/node\n`);
    mkdirSync(join(store, name("g", "node")));
    writeFileSync(join(store, name("f", "unrelated")), "x");
    assert.deepEqual(await closureOf(root, `${STORE_DIR}/${name("a", "gen")}`), [name("a", "gen"), name("b", "motd"), name("c", "engine"), name("g", "node")]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("closureOf: paths this process wrote are taken from memory, others from the store's listing: the same closure as read back from disk", async () => {
  const { closureOf } = await import("./cached-build.ts");
  const { mkdirSync } = await import("node:fs");
  const { STORE_DIR } = await import("../../store/store-path.ts");
  const { writeStorePaths } = await import("../../store/write-store-paths.ts");
  const { forgetReferences } = await import("../../store/known-references.ts");
  const root = mkdtempSync(join(tmpdir(), "sm-closure-known-"));
  try {
    const store = join(root, STORE_DIR);
    const name = (c: string, n: string) => `${c.repeat(32)}-${n}`;
    // Put there by another writer: not known to this process, found through the listing.
    mkdirSync(join(store, name("b", "other")), { recursive: true });
    const file = (text: string) => new Map([["", { kind: "file" as const, content: Buffer.from(text), executable: false }]]);
    const [text, plain] = await writeStorePaths(root, [
      { name: "text", tree: file(`see ${STORE_DIR}/${name("b", "other")} and ${STORE_DIR}/${name("d", "gone")}\n`) },
      { name: "plain", tree: file("no store path\n") },
    ]);
    const [gen] = await writeStorePaths(root, [
      { name: "gen", tree: new Map([["etc/text", { kind: "symlink" as const, target: text as string }], ["files/plain", { kind: "file" as const, content: Buffer.from(`${plain}\n`), executable: false }]]) },
    ]);
    const entry = (p: string) => p.slice(STORE_DIR.length + 1);
    const expected = [entry(gen as string), entry(text as string), entry(plain as string), name("b", "other")].sort();
    assert.deepEqual(await closureOf(root, gen as string), expected);
    for (const p of [gen, text, plain]) forgetReferences(join(root, p as string));
    assert.deepEqual(await closureOf(root, gen as string), expected, "read back from disk");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
