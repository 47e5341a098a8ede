/**
 * writeSourcedStorePath (write-sourced-path.ts) copies host files into the
 * store instead of reading them: the same store path and bytes as
 * writeStorePath with the files' bytes in memory, whether the path is new,
 * already whole, or damaged (repaired).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileTree, HostFile, SourcedTree, TreeEntry } from "./file-tree.ts";
import { contentAddressedPath } from "./file-tree.ts";
import { STORE_DIR } from "./store-path.ts";
import { writeStorePath } from "./write-store-path.ts";
import { writeSourcedStorePath } from "./write-sourced-path.ts";
import { inStoreSession } from "./store-session.ts";
import { removeTree } from "../packages/staged-path.ts";
import { storeDigest } from "../../test/packages/helpers/store-digest.ts";

function scratch(t: { after: (fn: () => void) => void }, prefix = "sm-sourced-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => removeTree(d));
  return d;
}

/** A runtime-like tree: a large executable and a library from the host (mode 0755 and 0644 there), a wrapper and a link in memory. */
function sourced(dir: string): { sourcedTree: SourcedTree; memoryTree: FileTree } {
  const big = join(dir, "node");
  writeFileSync(big, Buffer.alloc(3 * 1024 * 1024 + 17, 0x7f), { mode: 0o755 });
  const lib = join(dir, "libx.so.1");
  writeFileSync(lib, "library\n", { mode: 0o644 });
  const host = (path: string, executable: boolean): HostFile => ({ kind: "host-file", path, executable });
  const memory: [string, TreeEntry][] = [
    ["bin/node", { kind: "file", content: Buffer.from("#!/bin/sh\nexec x\n"), executable: true }],
    ["lib/libx.so", { kind: "symlink", target: "libx.so.1" }],
  ];
  const sourcedTree = new Map<string, TreeEntry | HostFile>([...memory, ["libexec/node", host(big, true)], ["lib/libx.so.1", host(lib, false)]]);
  const memoryTree = new Map<string, TreeEntry>([
    ...memory,
    ["libexec/node", { kind: "file", content: readFileSync(big), executable: true }],
    ["lib/libx.so.1", { kind: "file", content: readFileSync(lib), executable: false }],
  ]);
  return { sourcedTree, memoryTree };
}

test("a tree of host files is written at the path and with the bytes of the same tree read into memory", async (t) => {
  const { sourcedTree, memoryTree } = sourced(scratch(t));
  const fast = scratch(t);
  const slow = scratch(t);
  assert.equal(contentAddressedPath("nodejs-x", sourcedTree), contentAddressedPath("nodejs-x", memoryTree));
  const p = await writeSourcedStorePath(fast, "nodejs-x", sourcedTree);
  assert.equal(p, await writeStorePath(slow, "nodejs-x", memoryTree));
  assert.deepEqual(storeDigest(fast, { hidden: true }), storeDigest(slow, { hidden: true }));
  // Written again: kept as it is.
  assert.equal(await writeSourcedStorePath(fast, "nodejs-x", sourcedTree), p);
  assert.deepEqual(storeDigest(fast, { hidden: true }), storeDigest(slow, { hidden: true }));
});

test("a damaged path at the final name is trusted, and replaced by the whole tree when repairing", async (t) => {
  const { sourcedTree, memoryTree } = sourced(scratch(t));
  const root = scratch(t);
  const fresh = scratch(t);
  const p = await writeSourcedStorePath(root, "nodejs-x", sourcedTree);
  chmodSync(join(root, p, "lib"), 0o755);
  rmSync(join(root, p, "lib/libx.so.1"));
  assert.equal(await writeSourcedStorePath(root, "nodejs-x", sourcedTree), p);
  assert.ok(!existsSync(join(root, p, "lib/libx.so.1")), "present: trusted");
  assert.equal(await inStoreSession(() => writeSourcedStorePath(root, "nodejs-x", sourcedTree), { repair: true }), p);
  await writeStorePath(fresh, "nodejs-x", memoryTree);
  assert.deepEqual(storeDigest(root), storeDigest(fresh));
  assert.deepEqual(readdirSync(join(root, STORE_DIR)).filter((n) => n.startsWith(".tmp-")), []);
});
