/**
 * Text store files (text-store-path.ts): the path is the content address
 * of the one-file tree; the tree made when a text was named is the one
 * the build gets for it again (one buffer, one hash), and only for the
 * same name and mode.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { contentAddressedPath } from "./file-tree.ts";
import { textFileTree, textStoreFile, textStorePath } from "./text-store-path.ts";
import { decodeBytes } from "../nix/byte-string.ts";

test("a text store file is the content address of its one-file tree, and the same tree when asked for again", () => {
  const text = `text-store-path test ${Math.random()}\n`;
  const a = textStoreFile("hm_a", text);
  assert.equal(a.path, contentAddressedPath("hm_a", textFileTree(text)));
  assert.equal(textStorePath("hm_a", text), a.path);
  assert.equal(textStoreFile("hm_a", text).tree, a.tree, "remembered: one buffer for naming and writing");
  const b = textStoreFile("hm_b", text);
  assert.notEqual(b.path, a.path);
  assert.equal(b.path, contentAddressedPath("hm_b", textFileTree(text)));
  const x = textStoreFile("hm_b", text, true);
  assert.equal(x.path, contentAddressedPath("hm_b", textFileTree(text, true)));
  assert.notEqual(x.path, b.path);
  assert.equal((x.tree.get("") as { executable: boolean }).executable, true);
});

test("a text holding bytes that are not UTF-8 is written as those bytes, not as U+FFFD", () => {
  const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xc3, 0xa9]);
  const entry = textFileTree(decodeBytes(bytes)).get("") as { content: Buffer };
  assert.ok(entry.content.equals(bytes));
  assert.notEqual(textStorePath("latin1", decodeBytes(bytes)), textStorePath("latin1", bytes.toString("utf8")));
});
