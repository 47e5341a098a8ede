import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, stat, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixBase32 } from "../nix/nix-base32.ts";
import { treeHash, type TreeEntry } from "./file-tree.ts";
import { writeStorePath } from "./write-store-path.ts";
import { parseStorePath, storePathName } from "./store-path.ts";
import { textFileTree as textFileTreeOf } from "./text-store-path.ts";

const file = (s: string, executable = false): TreeEntry => ({ kind: "file", content: Buffer.from(s), executable });

test("nixBase32() encodes as Nix does (sha256 of the empty string)", () => {
  const digest = createHash("sha256").update("").digest();
  assert.equal(nixBase32(digest), "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
});

test("treeHash() depends on names, paths, contents and the executable bit, not on insertion order", () => {
  const a = treeHash("x", new Map([["a", file("1")], ["b", file("2")]]));
  assert.equal(a, treeHash("x", new Map([["b", file("2")], ["a", file("1")]])));
  assert.equal(a.length, 32);
  assert.notEqual(a, treeHash("y", new Map([["a", file("1")], ["b", file("2")]])));
  assert.notEqual(a, treeHash("x", new Map([["a", file("1")], ["b", file("3")]])));
  assert.notEqual(a, treeHash("x", new Map([["a", file("1", true)], ["b", file("2")]])));
  assert.notEqual(a, treeHash("x", new Map([["a", file("1")], ["c", file("2")]])));
});

test("contentAddressedPath() of a one-file tree asked again (remembered by its buffer) is its address under each name and mode", async () => {
  const { contentAddressedPath } = await import("./file-tree.ts");
  const content = Buffer.from("text\n");
  const one = (executable: boolean) => new Map([["", { kind: "file" as const, content, executable }]]);
  const fresh = (name: string, executable: boolean) => `/var/lib/system-manager/store/${treeHash(name, new Map([["", file("text\n", executable)]]))}-${name}`;
  for (const [name, executable] of [["a", false], ["a", false], ["b", false], ["a", true], ["a", false]] as const) {
    assert.equal(contentAddressedPath(name, one(executable)), fresh(name, executable));
  }
});

test("writeStorePath() writes a read-only tree once and reuses it", async () => {
  const root = await mkdtemp(join(tmpdir(), "sm-store-"));
  const tree = new Map<string, TreeEntry>([["manifest.json", file("{}\n")], ["etc/a/b", file("hi\n", true)], ["etc/l", { kind: "symlink", target: "a/b" }]]);
  const p = await writeStorePath(root, "gen", tree);
  assert.equal(storePathName(parseStorePath(p)), "gen");
  assert.equal(await readFile(join(root, p, "etc/a/b"), "utf8"), "hi\n");
  assert.equal((await stat(join(root, p))).mode & 0o777, 0o555);
  assert.equal((await stat(join(root, p, "manifest.json"))).mode & 0o777, 0o444);
  assert.equal((await stat(join(root, p, "etc/a/b"))).mode & 0o777, 0o555);
  assert.equal(await writeStorePath(root, "gen", tree), p);
  const entries = await readdir(join(root, "var/lib/system-manager/store"));
  assert.deepEqual(entries, [p.split("/").pop()]);
});

test("parseStorePath() refuses paths outside the store or with a bad hash", () => {
  assert.throws(() => parseStorePath("/nix/store/0mdqa9w1p6cmli6976v4wi0sw9r4p5pr-x"), /Cannot use/);
  assert.throws(() => parseStorePath("/var/lib/system-manager/store/short-x"), /Cannot use/);
  assert.throws(() => parseStorePath("/var/lib/system-manager/store/0mdqa9w1p6cmli6976v4wi0sw9r4p5pr-a/b"), /Cannot use/);
});

test("a single-file store path (writeText) is written where textStorePath says", async () => {
  const { textFileTree, textStorePath } = await import("./text-store-path.ts");
  const root = await mkdtemp(join(tmpdir(), "sm-store-"));
  const p = await writeStorePath(root, "hello.txt", textFileTree("hi\n"));
  assert.equal(p, textStorePath("hello.txt", "hi\n"));
  assert.equal(await readFile(join(root, p), "utf8"), "hi\n");
  assert.equal((await stat(join(root, p))).mode & 0o777, 0o444);
});

test("writeStorePath() trusts a store path that is there, as Nix a valid one; a session that repairs rewrites it when a file was deleted, added, changed or made writable", async () => {
  const { inStoreSession } = await import("./store-session.ts");
  const repair = <T>(fn: () => Promise<T>) => inStoreSession(fn, { repair: true });
  const { chmod, rm, writeFile, mkdir } = await import("node:fs/promises");
  const root = await mkdtemp(join(tmpdir(), "sm-store-"));
  const tree = new Map<string, TreeEntry>([["etc/a", file("aaa\n")], ["etc/b", file("bbb\n", true)], ["l", { kind: "symlink", target: "etc/a" }]]);
  const p = await writeStorePath(root, "gen", tree);
  const dir = join(root, p);
  const { holdsTree } = await import("./verify-store-path.ts");
  const damage = async (what: (d: string) => Promise<void>, after: (d: string) => Promise<void> = async () => undefined) => {
    await chmod(dir, 0o755);
    await chmod(join(dir, "etc"), 0o755);
    await what(dir);
    await chmod(join(dir, "etc"), 0o555);
    await chmod(dir, 0o555);
    await after(dir);
    assert.equal(holdsTree(dir, tree), false);
    assert.equal(await writeStorePath(root, "gen", tree), p);
    assert.equal(holdsTree(dir, tree), false, "present: trusted, not read");
    assert.equal(await repair(() => writeStorePath(root, "gen", tree)), p);
    assert.equal(holdsTree(dir, tree), true);
    assert.equal(await readFile(join(dir, "etc/a"), "utf8"), "aaa\n");
    assert.equal(await readFile(join(dir, "etc/b"), "utf8"), "bbb\n");
    assert.deepEqual((await readdir(join(dir, "etc"))).sort(), ["a", "b"]);
    assert.equal((await stat(dir)).mode & 0o777, 0o555);
    assert.equal((await stat(join(dir, "etc"))).mode & 0o777, 0o555);
    assert.deepEqual(await readdir(join(root, "var/lib/system-manager/store")), [p.split("/").pop()], "nothing left aside");
  };
  await damage((d) => rm(join(d, "etc/a")));
  await damage((d) => writeFile(join(d, "etc/planted"), "x"));
  await damage(async (d) => {
    await chmod(join(d, "etc/a"), 0o644);
    await writeFile(join(d, "etc/a"), "AAA\n");
  });
  await damage((d) => chmod(join(d, "etc/b"), 0o755));
  await damage(async (d) => {
    await rm(join(d, "l"));
    await mkdir(join(d, "l"));
  });
  await damage(async () => undefined, (d) => chmod(join(d, "etc"), 0o775));
  const single = await writeStorePath(root, "one.txt", textFileTreeOf("one\n"));
  await chmod(join(root, single), 0o644);
  await writeFile(join(root, single), "two\n");
  assert.equal(await writeStorePath(root, "one.txt", textFileTreeOf("one\n")), single);
  assert.equal(await readFile(join(root, single), "utf8"), "two\n", "present: trusted");
  assert.equal(await repair(() => writeStorePath(root, "one.txt", textFileTreeOf("one\n"))), single);
  assert.equal(await readFile(join(root, single), "utf8"), "one\n");
  assert.equal((await stat(join(root, single))).mode & 0o777, 0o444);
});

test("holdsTree() compares files above the content limit by size only, so a big runtime is not read again", async () => {
  const { holdsTree, CONTENT_COMPARE_LIMIT } = await import("./verify-store-path.ts");
  const { chmod, writeFile, truncate } = await import("node:fs/promises");
  const root = await mkdtemp(join(tmpdir(), "sm-store-"));
  const big = Buffer.alloc(CONTENT_COMPARE_LIMIT + 1, 1);
  const tree = new Map<string, TreeEntry>([["bin/node", { kind: "file", content: big, executable: true }]]);
  const p = join(root, await writeStorePath(root, "runtime", tree));
  await chmod(join(p, "bin"), 0o755);
  await chmod(join(p, "bin/node"), 0o755);
  await writeFile(join(p, "bin/node"), Buffer.alloc(big.length, 2));
  await chmod(join(p, "bin/node"), 0o555);
  await chmod(join(p, "bin"), 0o555);
  assert.equal(holdsTree(p, tree), true, "same size: not read");
  await chmod(join(p, "bin"), 0o755);
  await chmod(join(p, "bin/node"), 0o755);
  await truncate(join(p, "bin/node"), 10);
  await chmod(join(p, "bin/node"), 0o555);
  assert.equal(holdsTree(p, tree), false, "truncated: caught");
});

test("holdsTree() allows an empty directory a tree cannot express (a package's), not one holding anything", async () => {
  const { holdsTree } = await import("./verify-store-path.ts");
  const { chmod, mkdir, writeFile } = await import("node:fs/promises");
  const root = await mkdtemp(join(tmpdir(), "sm-store-"));
  const tree = new Map<string, TreeEntry>([["bin/x", file("x", true)]]);
  const p = join(root, await writeStorePath(root, "pkg", tree));
  await chmod(p, 0o755);
  // Made writable, then sealed: a recursive mkdir's mode applies to "var" too, which would refuse "empty" to anyone but root.
  await mkdir(join(p, "var/empty"), { recursive: true });
  await chmod(join(p, "var/empty"), 0o555);
  await chmod(join(p, "var"), 0o555);
  await chmod(p, 0o555);
  assert.equal(holdsTree(p, tree), true);
  await chmod(join(p, "var"), 0o755);
  await chmod(join(p, "var/empty"), 0o755);
  await writeFile(join(p, "var/empty/planted"), "x", { mode: 0o444 });
  await chmod(join(p, "var/empty"), 0o555);
  await chmod(join(p, "var"), 0o555);
  assert.equal(holdsTree(p, tree), false);
});

test("checkTreeShape() refuses exactly the trees with a path that is not normalised or lies below a file, as checked component by component", async () => {
  const { checkTreeShape } = await import("./write-store-path.ts");
  const { dirname } = await import("node:path");
  const byComponents = (tree: ReadonlyMap<string, TreeEntry>) =>
    [...tree.keys()].every((rel) => (rel === "" ? tree.size === 1 : !rel.split("/").some((p) => p === "" || p === "." || p === "..")) && [...(function* () { for (let d = dirname(rel); d !== "."; d = dirname(d)) yield d; })()].every((d) => !tree.has(d)));
  const accepted = (tree: ReadonlyMap<string, TreeEntry>) => {
    try {
      checkTreeShape("/var/lib/system-manager/store/x" as never, tree);
      return true;
    } catch {
      return false;
    }
  };
  const parts = ["a", "b", ".", "..", ""];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = () => parts[Math.floor(random() * parts.length)] as string;
  for (let i = 0; i < 2000; i++) {
    const rels = Array.from({ length: 1 + Math.floor(random() * 4) }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join("/"));
    const tree = new Map(rels.map((r) => [r, file("x")]));
    assert.equal(accepted(tree), byComponents(tree), JSON.stringify(rels));
  }
  assert.equal(accepted(new Map([["a/b/c", file("x")], ["a/b", file("y")]])), false);
  assert.equal(accepted(new Map([["a/b/c", file("x")], ["a/d", file("y")]])), true);
});
