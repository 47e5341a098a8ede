import { test } from "node:test";
import assert from "node:assert/strict";
import { byteLength, byteSlice, decodeBytes, encodeBytes, holdsInvalidBytes, invalidUtf8, joinStrings } from "./byte-string.ts";
import { makeStorePath, makeTextPath, sha256 } from "./builtins/store-path.ts";

const bytes = (...b: number[]) => Buffer.from(b);

test("bytes outside UTF-8 are held one by one and give back the same bytes", () => {
  const samples = [bytes(0x61, 0xff, 0x62), bytes(0xc3), bytes(0xe2, 0x82), bytes(0xed, 0xa0, 0x80), bytes(0xc0, 0xaf), bytes(0xf4, 0x90, 0x80, 0x80), Buffer.from("é€😀")];
  for (const b of samples) {
    const s = decodeBytes(b);
    assert.deepEqual(encodeBytes(s), b);
    assert.equal(byteLength(s), b.length);
  }
  assert.equal(decodeBytes(bytes(0x61, 0xff, 0x62)), "a\udcffb");
  assert.equal(decodeBytes(Buffer.from("é€😀")), "é€😀");
  assert.notEqual(decodeBytes(bytes(0xff)), "\ufffd");
  assert.ok(holdsInvalidBytes("a\udcffb") && !holdsInvalidBytes("😀") && !holdsInvalidBytes("\ufffd"));
});

test("a slice that cuts a character holds its bytes; joined again they are the character", () => {
  const e = "é";
  const halves = [byteSlice(e, 0, 1), byteSlice(e, 1, 1)];
  assert.deepEqual(halves, ["\udcc3", "\udca9"]);
  assert.equal(joinStrings(halves, ""), "é");
  assert.equal(joinStrings([halves[0] as string, "", halves[1] as string], ""), "é");
  assert.equal(joinStrings(halves, "-"), "\udcc3-\udca9");
  assert.equal(byteSlice("a😀b", 1, 4), "😀");
});

test("where a string stops being UTF-8, as nlohmann's writer reports it", () => {
  assert.deepEqual(invalidUtf8(decodeBytes(Buffer.from("_invalid UTF-8: \xff_", "latin1"))), { index: 16, byte: 0xff });
  assert.deepEqual(invalidUtf8(decodeBytes(bytes(0x41, 0xc3))), { incomplete: 0xc3 });
  assert.deepEqual(invalidUtf8(decodeBytes(bytes(0xc3, 0x41))), { index: 1, byte: 0x41 });
  assert.deepEqual(invalidUtf8(decodeBytes(bytes(0xe0, 0x80, 0x80))), { index: 1, byte: 0x80 });
  assert.equal(invalidUtf8("é😀"), undefined);
});

test("a text put in the store (toFile) is hashed as its bytes, held ones included", () => {
  const held = decodeBytes(bytes(0x61, 0xff));
  const expected = makeStorePath("/nix/store", "text", sha256(bytes(0x61, 0xff)).toString("hex"), "t");
  assert.equal(makeTextPath("/nix/store", "t", held, []), expected);
  assert.notEqual(makeTextPath("/nix/store", "t", "a\ufffd", []), expected);
});
