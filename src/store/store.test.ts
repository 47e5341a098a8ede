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
