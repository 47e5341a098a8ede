/**
 * The NAR serialiser over a reader of its own: a tree of many small
 * files comes out sorted bytewise, in batches the consumer may keep
 * (each its own buffer, their sha256 the digest's); a file whose size
 * changes while it is read and an entry of no NAR type are errors
 * naming the path.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { EvalError } from "./errors.ts";
import type { FileType } from "./io.ts";
import { narChunks, narDigest, type NarReader } from "./nar.ts";

/** A reader over `files` (name → content) in one directory "/", with `odd` as an entry of no NAR type. */
function flat(files: ReadonlyMap<string, Buffer>, size = (b: Buffer) => b.length): NarReader<string> {
  return {
    type: (p) => (p === "/" ? "directory" : files.has(p) ? "regular" : "unknown"),
    entries: () => [...files.keys(), "odd"].map((n) => ({ name: Buffer.from(n), type: (files.has(n) ? "regular" : "unknown") as FileType, path: n })),
    file: (p) => ({ executable: false, size: size(files.get(p) as Buffer), chunks: [files.get(p) as Buffer] }),
    target: () => "",
    show: (p) => `/t/${p}`,
  };
}

test("a tree of many small files comes out in batches, each a buffer of its own", () => {
  const files = new Map(Array.from({ length: 3000 }, (_, i) => [`f${i}`, Buffer.from(`file ${i}\n`)] as const));
  const reader = flat(files);
  const kept = [...narChunks(reader, "/", (e) => e.type === "regular")];
  assert.ok(kept.length > 1 && kept.length < 20);
  assert.equal(new Set(kept.map((c) => c.buffer)).size, kept.length);
  const whole = Buffer.concat(kept);
  assert.ok(createHash("sha256").update(whole).digest().equals(narDigest(reader, "/", (e) => e.type === "regular")));
  const at = (name: string) => whole.indexOf(`${name}\0`);
  assert.ok(at("f1") < at("f10") && at("f10") < at("f100") && at("f1999") < at("f2") && at("f2") < at("f20"));
});

test("an entry of no NAR type, and a file whose size changed while it was read, are errors naming it", () => {
  const files = new Map([["a", Buffer.from("abc")]]);
  assert.throws(() => narDigest(flat(files), "/"), (e: unknown) => e instanceof EvalError && e.message === "file '/t/odd' has an unsupported type");
  assert.throws(() => narDigest(flat(files, () => 4), "/", (e) => e.type === "regular"), { message: "file '/t/a' changed while it was being read" });
});
