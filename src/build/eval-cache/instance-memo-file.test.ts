/**
 * The instance memo's file: a build that evaluates one instance appends
 * one line; a line cut short by a killed writer is no entry and the next
 * append starts on a line of its own; unused lines past the slack make
 * the next save write the file whole; a file of the old format, or one
 * others may write, is neither used nor appended to, but replaced.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInstanceMemo } from "./instance-memo-file.ts";
import { EVAL_CACHE_DIR } from "./cache-file.ts";
import { fromPlain } from "../../module-system/plain-value.ts";

const root = () => mkdtempSync(join(tmpdir(), "sm-memo-file-"));
const fileOf = (r: string) => join(r, EVAL_CACHE_DIR, "instance-memo.store");
const lineCount = (r: string) => readFileSync(fileOf(r), "utf8").split("\n").length - 1;

/** One build: looks up `used`, evaluates `evaluated` (configuration { v = key }), saves; what the lookups gave. */
function build(r: string, used: readonly string[], evaluated: readonly string[]): unknown[] {
  const stored = loadInstanceMemo(r);
  const got = used.map((k) => stored.memo.lookup(k));
  for (const k of evaluated) stored.memo.remember(k, fromPlain({ v: k }));
  stored.save();
  return got;
}

test("one evaluated instance appends one line, and the next build finds every entry", () => {
  const r = root();
  build(r, [], ["a", "b", "c"]);
  assert.equal(lineCount(r), 4, "a header and three entries");
  build(r, ["a", "b"], ["d"]);
  assert.equal(lineCount(r), 5, "one line appended");
  assert.deepEqual(build(r, ["a", "b", "c", "d", "e"], []), [{ v: "a" }, { v: "b" }, { v: "c" }, { v: "d" }, undefined]);
  assert.equal(lineCount(r), 5, "nothing evaluated: nothing written");
});

test("a later line wins over an earlier one with the same key", () => {
  const r = root();
  build(r, [], ["a"]);
  appendFileSync(fileOf(r), `a\t${JSON.stringify({ v: "newer" })}\n`);
  assert.deepEqual(build(r, ["a"], []), [{ v: "newer" }]);
});

test("a line cut short is no entry, and what is appended after it is whole", () => {
  const r = root();
  build(r, [], ["a", "b"]);
  appendFileSync(fileOf(r), `c\t{"v":"c`);
  assert.deepEqual(build(r, ["a", "c"], ["c"]), [{ v: "a" }, undefined]);
  assert.match(readFileSync(fileOf(r), "utf8"), /\nc\t\{"v":"c\nc\t\{"v":"c"\}\n$/);
  assert.deepEqual(build(r, ["a", "b", "c"], []), [{ v: "a" }, { v: "b" }, { v: "c" }]);
});

test("unused lines past the slack make the file be written whole with what the build used", () => {
  const r = root();
  const many = Array.from({ length: 300 }, (_, i) => `k${i}`);
  build(r, [], many);
  assert.equal(lineCount(r), 301);
  build(r, ["k1"], ["x"]);
  assert.equal(lineCount(r), 3, "300 unused lines outnumber the 2 live ones and the slack");
  assert.deepEqual(build(r, ["k1", "x", "k2"], []), [{ v: "k1" }, { v: "x" }, undefined]);
});

test("a file of the old format is replaced, not appended to", () => {
  const r = root();
  build(r, [], ["a"]);
  writeFileSync(fileOf(r), JSON.stringify({ format: 1, code: "x", entries: [["a", { v: "old" }]] }), { mode: 0o600 });
  assert.deepEqual(build(r, ["a"], ["b"]), [undefined]);
  assert.equal(lineCount(r), 2, "a header and the one entry evaluated");
  assert.deepEqual(build(r, ["b"], []), [{ v: "b" }]);
});

test("a memo file others may write is neither read nor appended to: it is replaced by one of ours", () => {
  const r = root();
  build(r, [], ["a"]);
  chmodSync(fileOf(r), 0o666);
  assert.deepEqual(build(r, ["a"], ["b"]), [undefined]);
  assert.equal(statSync(fileOf(r)).mode & 0o777, 0o600);
  assert.equal(lineCount(r), 2, "a header and the one entry evaluated");
});
