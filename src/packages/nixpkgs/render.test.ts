import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderText } from "./render.ts";

// Bytes the tools nixpkgs runs produced for these inputs (see the file's "source").
const golden = JSON.parse(readFileSync(join(import.meta.dirname, "formats-golden.json"), "utf8")) as Record<"yaml_1_1" | "json" | "xml" | "javaProperties", { json: string; text: string }[]>;

test("formats.yaml (yaml_1_1): remarshal 0.17's bytes (PyYAML): quoting, folding at column 80, empty collections, complex keys, floats", () => {
  for (const c of golden.yaml_1_1) assert.equal(renderText("yaml_1_1", c.json), c.text, c.json);
});

test("formats.json: jq's `jq .` bytes", () => {
  for (const c of golden.json) assert.equal(renderText("json", c.json), c.text, c.json);
});

test("formats.yaml_1_2 reads yes/no/on/off as strings, so leaves them plain", () => {
  assert.equal(renderText("yaml_1_2", '{"a":["yes","no","on","off","true","1"]}'), "a:\n- yes\n- no\n- on\n- off\n- 'true'\n- '1'\n");
});

test("formats.toml: plain keys, then sections; long arrays one value a line", () => {
  assert.equal(
    renderText("toml", '{"a":1,"b":"x\\"y","l":[1,2,3,4,5,6],"s":[1,2],"t":{"c":true,"u":{"d":2.5}},"v":[{"n":1},{"n":2}]}'),
    'a = 1\nb = "x\\"y"\nl = [\n    1,\n    2,\n    3,\n    4,\n    5,\n    6,\n]\ns = [1, 2]\n\n[t]\nc = true\n\n[t.u]\nd = 2.5\n\n[[v]]\nn = 1\n\n[[v]]\nn = 2\n',
  );
});

test("formats.xml: xmltodict.unparse's bytes (attributes, text, repeated elements, empty ones, header)", () => {
  for (const c of golden.xml) assert.equal(renderText("xml", c.json), c.text, c.json);
});

test("formats.javaProperties: nixpkgs' escapes and comment header; non-ASCII as iconv's JAVA encoding", () => {
  for (const c of golden.javaProperties) assert.equal(renderText("javaProperties", c.json), c.text, c.json);
  assert.equal(renderText("javaProperties", JSON.stringify({ comment: "", value: { k: "é😀" } })), "# \n\nk = \\u00e9\\ud83d\\ude00\n");
});
