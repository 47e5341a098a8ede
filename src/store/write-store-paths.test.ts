/**
 * writeStorePaths (write-store-paths.ts), the batch a build writes its
 * store paths with, against writeStorePath one path at a time: the same
 * store paths and byte-identical store trees (modes, contents, links),
 * whether a generation's files are hard-linked from the batch's text
 * paths (one buffer for both, as the build makes them) or written; a
 * damaged path is repaired; every path is a temporary GC root.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STORE_DIR, type StorePath } from "./store-path.ts";
import { contentAddressedPath, type FileTree, type TreeEntry } from "./file-tree.ts";
import { textFileTree } from "./text-store-path.ts";
import { keptInStore, writeStorePath } from "./write-store-path.ts";
import { writeStorePaths, type NamedTree } from "./write-store-paths.ts";
import { inStoreSession } from "./store-session.ts";
import { ownerId } from "./tmp-lock.ts";
import { TEMP_ROOTS } from "./temp-roots.ts";
import { removeTree } from "../packages/staged-path.ts";
import { references } from "../packages/gc.ts";
import { execFileSync } from "node:child_process";
import { knownReferences } from "./known-references.ts";
import { storeDigest } from "../../test/packages/helpers/store-digest.ts";

/** Text paths and a generation holding the same texts (sharing their buffers, as home-generation.ts makes them), one executable where its text path is not. */
function batch(n: number): NamedTree[] {
  const texts = Array.from({ length: n }, (_, i) => ({ name: `hm_f-${i}`, tree: textFileTree(`file ${i}\n`, i === 1) }));
  const file = (i: number, executable: boolean): TreeEntry => ({ kind: "file", content: ((texts[i] as NamedTree).tree.get("") as TreeEntry & { kind: "file" }).content, executable });
  const generation = new Map<string, TreeEntry>(texts.map((_, i) => [`home-files/f/${i}`, file(i, i === 2)]));
  generation.set("home-files/link", { kind: "symlink", target: "f/0" });
  generation.set("home.json", { kind: "file", content: Buffer.from("{}\n"), executable: false });
  return [...texts, { name: "home-manager-generation", tree: generation }];
}

/** The same trees with fresh buffers: nothing for the batch to link from. */
function copied(trees: readonly NamedTree[]): NamedTree[] {
  const copy = (t: FileTree): FileTree => new Map([...t].map(([k, e]) => [k, e.kind === "file" ? { ...e, content: Buffer.from(e.content) } : e]));
  return trees.map(({ name, tree }) => ({ name, tree: copy(tree) }));
}

function scratch(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), "sm-store-batch-"));
  t.after(() => removeTree(root));
  return root;
}

const host = (root: string, p: string) => join(root, p);

test("a batch writes the store paths and bytes writeStorePath writes, its generation's files hard-linked from its text paths", async (t) => {
  const slow = scratch(t);
  const fast = scratch(t);
  const one: string[] = [];
  for (const { name, tree } of copied(batch(50))) one.push(await writeStorePath(slow, name, tree));
  const trees = batch(50);
  const paths = await inStoreSession(() => writeStorePaths(fast, trees));
  assert.deepEqual(paths, one);
  assert.deepEqual(storeDigest(fast), storeDigest(slow));
  assert.ok(storeDigest(fast).size > 100);
  const gen = paths[paths.length - 1] as string;
  // The fast path was taken: the same inode where the modes agree, a file of its own where they do not.
  assert.equal(lstatSync(host(fast, `${gen}/home-files/f/0`)).ino, lstatSync(host(fast, paths[0] as string)).ino);
  assert.notEqual(lstatSync(host(fast, `${gen}/home-files/f/1`)).ino, lstatSync(host(fast, paths[1] as string)).ino);
  assert.notEqual(lstatSync(host(fast, `${gen}/home-files/f/2`)).ino, lstatSync(host(fast, paths[2] as string)).ino);
  assert.equal(lstatSync(host(slow, `${gen}/home-files/f/0`)).nlink, 1);
  // Nothing left behind: no temporary in the store.
  assert.deepEqual(readdirSync(join(fast, STORE_DIR)).filter((n) => n.startsWith(".")), []);
});

test("a batch registers every path as a temporary GC root of this process, in one root file", async (t) => {
  const root = scratch(t);
  const paths = await writeStorePaths(root, batch(30));
  const names = readFileSync(join(root, TEMP_ROOTS, ownerId()), "utf8").split("\n").filter((n) => n !== "");
  assert.deepEqual(new Set(names), new Set(paths.map((p) => p.split("/").pop())));
});

test("a batch trusts the paths that are there; one that repairs rewrites damaged ones: a text changed, one made writable, a directory at a text's name, a generation file removed", async (t) => {
  const root = scratch(t);
  const fresh = scratch(t);
  const paths = await writeStorePaths(root, batch(10));
  const expected = storeDigest(root);
  const [p0, p1, p2] = paths.map((p) => host(root, p)) as [string, string, string];
  const gen = host(root, paths[paths.length - 1] as string);
  chmodSync(p0, 0o644);
  writeFileSync(p0, "changed\n");
  chmodSync(p1, 0o755);
  rmSync(p2);
  mkdirSync(join(p2, "sub"), { recursive: true });
  chmodSync(join(gen, "home-files/f"), 0o755);
  rmSync(join(gen, "home-files/f/5"));
  const damaged = storeDigest(root);
  assert.deepEqual(await writeStorePaths(root, batch(10)), paths);
  assert.deepEqual(storeDigest(root), damaged, "listed: trusted, neither read nor rewritten");
  assert.deepEqual(await inStoreSession(() => writeStorePaths(root, batch(10)), { repair: true }), paths);
  assert.deepEqual(storeDigest(root), expected);
  await writeStorePaths(fresh, batch(10));
  assert.deepEqual(storeDigest(root), storeDigest(fresh));
  assert.deepEqual(readdirSync(join(root, STORE_DIR)).filter((n) => n.startsWith(".")), []);
});

test("the references recorded when a batch writes its paths are those reading the paths back gives (gc.ts's references)", async (t) => {
  const root = scratch(t);
  const trees = batch(5);
  const [a, b] = (await writeStorePaths(root, trees.slice(0, 2))) as string[] as [string, string];
  const named: NamedTree[] = [
    { name: "refers", tree: new Map<string, TreeEntry>([["bin/x", { kind: "file", content: Buffer.from(`#!/bin/sh\nexec ${a}/bin/y "$@" # and ${b}\n`), executable: true }], ["l", { kind: "symlink", target: `${b}` }], ["big", { kind: "file", content: Buffer.alloc(5 * 1024 * 1024, 0x41), executable: false }]]) },
    { name: "plain", tree: textFileTree("nothing\n") },
  ];
  const paths = await writeStorePaths(root, named);
  // The same store read back where this process wrote nothing: references() reads the files.
  const copy = scratch(t);
  execFileSync("cp", ["-a", `${root}/.`, copy]);
  for (const p of paths) {
    const name = p.split("/").pop() as string;
    assert.ok(knownReferences(join(root, p)) !== undefined, "recorded when written");
    assert.deepEqual(references(root, name).sort(), references(copy, name).sort());
  }
  assert.deepEqual(references(root, (paths[0] as string).split("/").pop() as string).sort(), [a, b].map((p) => p.split("/").pop()).sort());
});

test("a tree given with its content address is written at it, not hashed again; the others are hashed", async (t) => {
  const root = scratch(t);
  const trees = batch(3);
  const generation = trees[trees.length - 1] as NamedTree;
  const addressed = contentAddressedPath(generation.name, generation.tree);
  assert.deepEqual(await writeStorePaths(root, [...trees.slice(0, -1), { ...generation, path: addressed }]), await writeStorePaths(scratch(t), trees));
  // A path given is believed: the caller computed it (generation-spec.ts gives the home generation's).
  const given = `${STORE_DIR}/${"0".repeat(32)}-home-manager-generation` as StorePath;
  assert.deepEqual(await writeStorePaths(root, [{ ...generation, path: given }]), [given]);
  assert.equal(readFileSync(join(root, given, "home.json"), "utf8"), "{}\n");
});

test("a new text path and its generation's file are one read-only file with the text's bytes", async (t) => {
  const root = scratch(t);
  const trees = batch(4);
  const paths = await writeStorePaths(root, trees);
  const gen = host(root, paths[paths.length - 1] as string);
  const text = lstatSync(host(root, paths[0] as string));
  assert.equal(text.ino, lstatSync(join(gen, "home-files/f/0")).ino);
  assert.equal(text.nlink, 2);
  assert.equal(text.mode & 0o777, 0o444);
  assert.equal(readFileSync(host(root, paths[0] as string), "utf8"), "file 0\n");
});

test("a new text path no later tree holds, or whose generation is in the store already, is written all the same", async (t) => {
  const root = scratch(t);
  const first = batch(3);
  const gen = first[first.length - 1] as NamedTree;
  await writeStorePaths(root, [gen]);
  const again = batch(3);
  const lone = { name: "lone", tree: textFileTree("no tree holds me\n") };
  const paths = await writeStorePaths(root, [...again, lone]);
  for (const [i, p] of paths.entries()) assert.ok(lstatSync(host(root, p)).isFile() || i === paths.length - 2, p);
  assert.equal(readFileSync(host(root, paths[0] as string), "utf8"), "file 0\n");
  assert.equal(lstatSync(host(root, paths[0] as string)).nlink, 1);
  assert.equal(readFileSync(host(root, paths[paths.length - 1] as string), "utf8"), "no tree holds me\n");
  const fresh = scratch(t);
  for (const { name, tree } of copied([...batch(3), lone])) await writeStorePath(fresh, name, tree);
  assert.deepEqual(storeDigest(root), storeDigest(fresh));
  assert.deepEqual(readdirSync(join(root, STORE_DIR)).filter((n) => n.startsWith(".")), []);
});

test("a store path that is one symbolic link (mkOutOfStoreSymlink's, to a path that may not be there) is written by a batch and alone, the same, and found valid again", async (t) => {
  const slow = scratch(t);
  const fast = scratch(t);
  const link: NamedTree = { name: "hm_bashrc.local", tree: new Map([["", { kind: "symlink", target: "/home/alice/dotfiles/bashrc.local" }]]) };
  const one = await writeStorePath(slow, link.name, link.tree);
  const [a, b, gen] = await writeStorePaths(fast, [batch(1)[0] as NamedTree, link, batch(1)[1] as NamedTree]);
  assert.equal(b, one);
  assert.equal(execFileSync("readlink", [host(fast, one)], { encoding: "utf8" }), "/home/alice/dotfiles/bashrc.local\n");
  assert.ok(lstatSync(host(fast, one)).isSymbolicLink());
  assert.deepEqual(await writeStorePaths(fast, [link]), [one], "found valid: written once");
  assert.equal(keptInStore(fast, one), true, "a link to a path not there is in the store (a build does not run again)");
  for (const p of [a, gen]) assert.ok(lstatSync(host(fast, p as string)).isFile() || lstatSync(host(fast, p as string)).isDirectory(), "the paths around it are written too");
  assert.deepEqual(readdirSync(join(fast, STORE_DIR)).filter((n) => n.startsWith(".")), []);
});
