/**
 * A tree's content address is sha256 over its fields, each preceded by its
 * 8-byte length, however the hashing batches them: compared with the
 * serialisation written out plainly, for trees around the batch size, large
 * buffers, many small files, and a host file standing for its bytes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { foldHash, nixBase32 } from "../nix/nix-base32.ts";
import { contentAddressedPath, treeHash, type SourcedTree, type TreeEntry } from "./file-tree.ts";

/** The serialisation as the format defines it, one field at a time. */
function plainHash(name: string, tree: ReadonlyMap<string, TreeEntry>): string {
  const h = createHash("sha256");
  const field = (b: Buffer) => {
    const len = Buffer.alloc(8);
    len.writeUInt32LE(b.length % 0x100000000, 0);
    len.writeUInt32LE(Math.floor(b.length / 0x100000000), 4);
    h.update(len).update(b);
  };
  for (const s of ["system-manager-store-v1", name]) field(Buffer.from(s));
  for (const path of [...tree.keys()].sort()) {
    const e = tree.get(path) as TreeEntry;
    field(Buffer.from(path));
    if (e.kind === "symlink") [Buffer.from("symlink"), Buffer.from(e.target)].forEach(field);
    else [Buffer.from(e.executable ? "executable" : "regular"), e.content].forEach(field);
  }
  return nixBase32(foldHash(h.digest()));
}

const file = (content: Buffer, executable = false): TreeEntry => ({ kind: "file", content, executable });

test("a tree hashes as its fields written out one by one, below, at and above the batch size", () => {
  for (const size of [0, 1, 100, 64 * 1024 - 60, 64 * 1024 - 40, 64 * 1024, 64 * 1024 + 1, 3 * 64 * 1024 + 7]) {
    const one = new Map([["", file(Buffer.alloc(size, "x"), size % 2 === 0)]]);
    assert.equal(treeHash("t", one), plainHash("t", one), `one file of ${size} bytes`);
    const many = new Map<string, TreeEntry>([
      ["a/link", { kind: "symlink", target: "/var/lib/system-manager/store/x-é" }],
      ["big", file(Buffer.alloc(size, "y"))],
      ...Array.from({ length: 300 }, (_, i) => [`f/${i}`, file(Buffer.from(`file ${i} ünïcode\n`), i % 7 === 0)] as [string, TreeEntry]),
    ]);
    assert.equal(treeHash("gen-ération", many), plainHash("gen-ération", many), `300 small files and one of ${size} bytes`);
  }
});

test("a one-file tree (a text path, hashed by a shorter way) hashes as written out, under any name, and keeps its address", () => {
  for (const name of ["hm_f-1", "x", "été", "a".repeat(300), "\udc80held"]) {
    for (const content of [Buffer.alloc(0), Buffer.from("file 1\n"), Buffer.alloc(64 * 1024 - 80, "z")]) {
      for (const executable of [false, true]) {
        const one = new Map([["", file(content, executable)]]);
        assert.equal(treeHash(name, one), plainHash(name, one), `${name}, ${content.length} bytes, ${executable ? "executable" : "regular"}`);
      }
    }
  }
  // Addresses as the general way gave them before the shorter one: a store path never changes.
  const at = (name: string, content: Buffer, executable = false) => contentAddressedPath(name, new Map([["", file(content, executable)]]));
  assert.equal(at("hm_f-1", Buffer.from("file 1\n")), "/var/lib/system-manager/store/ik3j3zam8l578hy2731mbxnfv475mvm5-hm_f-1");
  assert.equal(at("x", Buffer.alloc(0), true), "/var/lib/system-manager/store/rnrhl7l6d0y07kyynfcl06qnahx0cq56-x");
  assert.equal(at("big", Buffer.alloc(70000, 0x61)), "/var/lib/system-manager/store/8dnvzr7kbqq18kxriqdq6wv0dkpirq0z-big");
  assert.equal(at("été", Buffer.from("é\n")), "/var/lib/system-manager/store/0bzvws56vhhqh976k3l433cg7gkwjhw4-été");
});

test("a host file hashes as a file holding its bytes, between in-memory fields", () => {
  const dir = mkdtempSync(join(tmpdir(), "file-tree-"));
  try {
    const bytes = Buffer.alloc(200_000, "z");
    writeFileSync(join(dir, "h"), bytes);
    const sourced: SourcedTree = new Map<string, TreeEntry | { kind: "host-file"; path: string; executable: boolean }>([
      ["a", file(Buffer.from("before"))],
      ["h", { kind: "host-file", path: join(dir, "h"), executable: true }],
      ["z", file(Buffer.from("after"))],
    ]);
    const inMemory = new Map([
      ["a", file(Buffer.from("before"))],
      ["h", file(bytes, true)],
      ["z", file(Buffer.from("after"))],
    ]);
    assert.equal(treeHash("s", sourced), plainHash("s", inMemory));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
