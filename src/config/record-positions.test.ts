import { test } from "node:test";
import assert from "node:assert/strict";
import { recordPositions } from "./record-positions.ts";
import { POSITIONS } from "../nix/js-value.ts";
import type { Span } from "../diagnostics/location.ts";

/** Runs transformed source that assigns its object to `result` and returns it. */
function run(source: string): Record<string, unknown> {
  const out = recordPositions("/cfg/a.ts", source);
  return new Function(`let result;\n${out}\nreturn result;`)() as Record<string, unknown>;
}

const positionsOf = (o: unknown) => (o as { [POSITIONS]?: Map<string, Span> })[POSITIONS];

test("records the line and column of every key, nested objects included", () => {
  const result = run(`result = {\n  users: {\n    alice: { uid: 5 },\n  },\n  "quoted-key": 1,\n};`);
  assert.deepEqual(positionsOf(result)?.get("users"), { file: "/cfg/a.ts", line: 2, column: 3 });
  assert.deepEqual(positionsOf(result)?.get("quoted-key"), { file: "/cfg/a.ts", line: 5, column: 3 });
  const users = result.users as Record<string, unknown>;
  assert.deepEqual(positionsOf(users.alice)?.get("uid"), { file: "/cfg/a.ts", line: 3, column: 14 });
});

test("positions are not enumerable, so spreads and JSON ignore them", () => {
  const result = run(`result = { a: 1, get b() { return 2; } };`);
  assert.deepEqual(Object.keys(result), ["a", "b"]);
  assert.equal(JSON.stringify(result), '{"a":1,"b":2}');
  assert.equal(positionsOf({ ...result }), undefined);
  assert.deepEqual([...(positionsOf(result)?.keys() ?? [])], ["a", "b"]);
});

test("keeps every line where it was", () => {
  const source = `const x = {\n  a: [{ b: 1 }],\n};\nresult = x;`;
  const out = recordPositions("/cfg/a.ts", source).split("\n");
  assert.ok(out[1]?.includes("a:"));
  assert.ok(out[3]?.startsWith("result = x"));
});

test("leaves destructuring assignment targets alone", () => {
  const result = run(`let p, q;\n({ p, q: { r: q } } = { p: 1, q: { r: 2 } });\nfor ({ p } of [{ p: 3 }]) {}\nresult = { p, q };`);
  assert.deepEqual({ ...result }, { p: 3, q: 2 });
});

test("leaves a file without object literals unchanged", () => {
  assert.equal(recordPositions("/cfg/a.ts", "export const x = [1, 2];\n"), "export const x = [1, 2];\n");
});

test("import.meta.url, .dirname and .filename are the file's own, on the same line", () => {
  const out = recordPositions("/cfg/dir/a.ts", `const a = import.meta.url;\nconst b = import.meta.dirname + "/x", c = import.meta.filename;\nconst d = import.meta.resolve;`);
  const lines = out.split("\n");
  assert.equal(lines[0], `const a = "file:///cfg/dir/a.ts";`);
  assert.equal(lines[1], `const b = "/cfg/dir" + "/x", c = "/cfg/dir/a.ts";`);
  assert.equal(lines[2], "const d = import.meta.resolve;", "what is not a location is left to Node");
});
