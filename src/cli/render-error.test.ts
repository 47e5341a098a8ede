import { test } from "node:test";
import assert from "node:assert/strict";
import { renderUserError } from "./render-error.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";

const files: Record<string, string> = { "/c.ts": "export default {\n  users: {\n    alice: { uid: \"x\" },\n  },\n};\n" };
const read = (p: string) => {
  const f = files[p];
  if (f === undefined) throw new Error("ENOENT");
  return f;
};

test("renderUserError() shows the message, the location with a code frame, and context frames", () => {
  const e = new UserError("A definition for option `users.alice.uid' is not of type `signed integer'.", { file: "/c.ts", line: 3, column: 14 });
  e.withContext("while evaluating the option `users.alice.uid':");
  assert.equal(
    renderUserError(e, read),
    [
      "error: A definition for option `users.alice.uid' is not of type `signed integer'.",
      "       at /c.ts:3:14:",
      "         1 | export default {",
      "         2 |   users: {",
      "       > 3 |     alice: { uid: \"x\" },",
      "           |              ^",
      "         4 |   },",
      "         5 | };",
      "       … while evaluating the option `users.alice.uid':",
    ].join("\n"),
  );
});

test("renderUserError() indents multi-line messages and renders collected errors one after another", () => {
  const a = new UserError("first\nsecond line");
  const b = new UserError("other", { file: "/missing.ts", line: 2, column: 1 });
  assert.equal(renderUserError(new UserErrors([a, b]), read), "error: first\n       second line\n\nerror: other\n       at /missing.ts:2:1:");
});
