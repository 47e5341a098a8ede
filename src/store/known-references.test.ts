import { test } from "node:test";
import assert from "node:assert/strict";
import { knownReferences, noteReferences, storeNames, storeNamesIn } from "./known-references.ts";
import { STORE_DIR } from "./store-path.ts";

const HASH = "0123456789abcdfghijklmnpqrsvwxyz";

test("storeNamesIn finds in a file's bytes the names storeNames finds in its latin1 text, in order", () => {
  const texts = [
    "",
    `${STORE_DIR}/${HASH}-hm_f_1`,
    `{"text":"${STORE_DIR}/${HASH}-hm_f_1","t2":"${STORE_DIR}/${HASH.replace("0", "1")}-x.y+z?=_-1"}`,
    // Not a name: a hash with an 'e', one character short, no dash, nothing after the dash, a 33-character hash.
    `${STORE_DIR}/${HASH.replace("0", "e")}-a ${STORE_DIR}/${HASH.slice(1)}-a ${STORE_DIR}/${HASH}a ${STORE_DIR}/${HASH}- ${STORE_DIR}/${HASH}0-a`,
    // A prefix inside a prefix, names ending at a character outside the alphabet, at the very end.
    `${STORE_DIR}${STORE_DIR}/${HASH}-in/side é${STORE_DIR}/${HASH}-é ${STORE_DIR}/${HASH}-end`,
    `${STORE_DIR}/${HASH}-a${STORE_DIR}/${HASH}-b`,
    `${STORE_DIR}/${HASH.slice(0, 20)}`,
  ];
  for (const t of texts) {
    const bytes = Buffer.from(t, "latin1");
    assert.deepEqual(storeNamesIn(bytes), storeNames(bytes.toString("latin1")), t);
  }
  assert.deepEqual(storeNamesIn(Buffer.from(texts[4] as string, "latin1")), [`${HASH}-in`, `${HASH}-end`]);
});

test("a written tree's references are the names in its files and links, but its own", () => {
  const tree = new Map([
    ["home.json", { kind: "file" as const, content: Buffer.from(`["${STORE_DIR}/${HASH}-a","${STORE_DIR}/${HASH}-self"]`), executable: false }],
    ["l", { kind: "symlink" as const, target: `${STORE_DIR}/${HASH.replace("1", "2")}-b/x` }],
  ]);
  noteReferences("/r/store/known-references-test", `${HASH}-self`, tree);
  assert.deepEqual(knownReferences("/r/store/known-references-test")?.slice().sort(), [`${HASH}-a`, `${HASH.replace("1", "2")}-b`]);
});
