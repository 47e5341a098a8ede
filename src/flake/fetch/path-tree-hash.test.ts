/**
 * A path input's hash record: it answers only for a tree whose every entry
 * has the stat it had when recorded, and not for one with an entry changed
 * in or after the second the recording walk began. A record whose hash was
 * replaced shows whether the record answered (its hash comes back) or the
 * tree was read (the true hash comes back).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { narHash } from "../../store/nar.ts";
import { pathTreeHash } from "./path-tree-hash.ts";

const OTHER = `sha256-${Buffer.alloc(32, 7).toString("base64")}`;

function scratch(t: { after(f: () => void): void }): { tree: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), "sm-path-hash-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tree = join(dir, "tree");
  mkdirSync(join(tree, "sub"), { recursive: true });
  writeFileSync(join(tree, "a.nix"), "{ a = 1; }\n");
  writeFileSync(join(tree, "sub/b.nix"), "{ b = 2; }\n");
  utimesSync(join(tree, "a.nix"), 1_700_000_000, 1_700_000_000);
  utimesSync(join(tree, "sub/b.nix"), 1_700_000_100, 1_700_000_100);
  utimesSync(join(tree, "sub"), 1_600_000_000, 1_600_000_000);
  utimesSync(tree, 1_600_000_000, 1_600_000_000);
  return { tree, cache: join(dir, "cache") };
}

/** Replaces the hash in the only record under `cache`. */
function forgeRecord(cache: string): void {
  const dir = join(cache, "path-hashes");
  const [name] = readdirSync(dir);
  const file = join(dir, name as string);
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), sri: OTHER }));
}

const later = () => Date.now() + 5000;

test("a path's hash is its NAR hash and its lastModified the newest mtime in it", (t) => {
  const { tree, cache } = scratch(t);
  const h = pathTreeHash(tree, cache);
  assert.equal(h.sri, narHash(tree));
  assert.equal(h.digest.toString("base64"), h.sri.slice("sha256-".length));
  assert.equal(h.lastModified, 1_700_000_100);
});

test("an unchanged tree is answered by its record, with the lastModified of the tree", (t) => {
  const { tree, cache } = scratch(t);
  pathTreeHash(tree, cache, later);
  forgeRecord(cache);
  const h = pathTreeHash(tree, cache);
  assert.equal(h.sri, OTHER);
  assert.equal(h.lastModified, 1_700_000_100);
});

test("a file rewritten with the same size and its mtime put back is read again (its ctime moved), at the top or deeper", async (t) => {
  const { tree, cache } = scratch(t);
  for (const [name, text, mtime] of [["a.nix", "{ a = 3; }\n", 1_700_000_000], ["sub/b.nix", "{ b = 4; }\n", 1_700_000_100]] as const) {
    pathTreeHash(tree, cache, later);
    forgeRecord(cache);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(join(tree, name), text);
    utimesSync(join(tree, name), mtime, mtime);
    const h = pathTreeHash(tree, cache);
    assert.equal(h.sri, narHash(tree), name);
    assert.notEqual(h.sri, OTHER, name);
  }
});

test("a file added or removed makes the tree be read again", (t) => {
  const { tree, cache } = scratch(t);
  pathTreeHash(tree, cache, later);
  forgeRecord(cache);
  writeFileSync(join(tree, "sub/c.nix"), "{ }\n");
  assert.equal(pathTreeHash(tree, cache, later).sri, narHash(tree));
  forgeRecord(cache);
  rmSync(join(tree, "sub/c.nix"));
  assert.equal(pathTreeHash(tree, cache, later).sri, narHash(tree));
});

test("a record made in the second an entry last changed is not trusted (it may have changed again unseen)", (t) => {
  const { tree, cache } = scratch(t);
  const changed = statSync(join(tree, "a.nix")).ctimeMs;
  pathTreeHash(tree, cache, () => changed);
  forgeRecord(cache);
  const h = pathTreeHash(tree, cache, later);
  assert.equal(h.sri, narHash(tree));
  forgeRecord(cache);
  assert.equal(pathTreeHash(tree, cache).sri, OTHER, "the record made after the change answers");
});

test("a cache that cannot be written still gives the tree's hash", (t) => {
  const { tree, cache } = scratch(t);
  writeFileSync(cache, "not a directory");
  assert.equal(pathTreeHash(tree, cache).sri, narHash(tree));
  assert.equal(pathTreeHash(tree, cache).sri, narHash(tree));
});

test("a path that is one file is hashed and recorded as one", (t) => {
  const { tree, cache } = scratch(t);
  const file = join(tree, "a.nix");
  assert.deepEqual({ ...pathTreeHash(file, cache, later), digest: undefined }, { sri: narHash(file), digest: undefined, lastModified: 1_700_000_000 });
  forgeRecord(cache);
  assert.equal(pathTreeHash(file, cache).sri, OTHER);
});
