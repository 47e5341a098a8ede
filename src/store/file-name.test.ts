import { test } from "node:test";
import assert from "node:assert/strict";
import { overlongComponent } from "./file-name.ts";

test("overlongComponent(): a component over 255 bytes of UTF-8 is named, however few characters it has", () => {
  assert.equal(overlongComponent("a/b"), undefined);
  assert.equal(overlongComponent(`d/${"x".repeat(255)}`), undefined);
  assert.match(overlongComponent(`d/${"x".repeat(256)}/e`) ?? "", /^its component 'x{40}…' is 256 bytes long, and a file name may have at most 255$/);
  assert.equal(overlongComponent("€".repeat(85)), undefined, "85 three-byte characters: 255 bytes");
  assert.match(overlongComponent(`a/${"€".repeat(86)}`) ?? "", /is 258 bytes long/);
  assert.match(overlongComponent(`${"é".repeat(128)}/a`) ?? "", /is 256 bytes long/);
  assert.equal(overlongComponent(`${"é".repeat(127)}/${"é".repeat(127)}`), undefined, "long paths, short components");
});
