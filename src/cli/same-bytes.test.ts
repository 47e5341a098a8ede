/**
 * same-bytes.ts: the same bytes across several chunks are the same; a
 * byte differing in a later chunk, or in the last short one, another
 * length, or an empty file against a non-empty one are not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sameBytes } from "./same-bytes.ts";

test("files are the same only byte for byte, whatever chunk the difference is in", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sm-same-bytes-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const size = 3 * 64 * 1024 + 17;
  const bytes = Buffer.alloc(size, 7);
  const file = (name: string, b: Buffer) => {
    writeFileSync(join(dir, name), b);
    return join(dir, name);
  };
  const a = file("a", bytes);
  assert.equal(sameBytes(a, file("b", Buffer.from(bytes))), true);
  for (const at of [0, 2 * 64 * 1024 + 5, size - 1]) {
    const other = Buffer.from(bytes);
    other[at] = 8;
    assert.equal(sameBytes(a, file(`at-${at}`, other)), false, `differing at ${at}`);
  }
  assert.equal(sameBytes(a, file("longer", Buffer.concat([bytes, Buffer.from([7])]))), false);
  assert.equal(sameBytes(file("empty", Buffer.alloc(0)), file("empty2", Buffer.alloc(0))), true);
  assert.equal(sameBytes(file("empty3", Buffer.alloc(0)), a), false);
  assert.throws(() => sameBytes(a, join(dir, "missing")), { code: "ENOENT" });
});
