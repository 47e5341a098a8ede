import { test } from "node:test";
import assert from "node:assert/strict";
import { handleCliError, renderUserError } from "./render-error.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";

const files: Record<string, string> = { "/c.ts": "export default {\n  users: {\n    alice: { uid: \"x\" },\n  },\n};\n" };
const read = (p: string) => {
  const f = files[p];
  if (f === undefined) throw new Error("ENOENT");
  return f;
};

test("renderUserError() prints a frame seen before once more only when few repeat; a long run is counted as Nix counts it", () => {
  const e = new UserError("stack overflow; max-call-depth exceeded");
  for (let i = 0; i < 8; i++) e.withContext("while evaluating attribute 'tail'");
  e.withContext("while evaluating attribute 'head'");
  e.withContext("while evaluating attribute 'tail'");
  e.withContext("while calling the 'toJSON' builtin");
  const lines = renderUserError(e, read).split("\n").slice(1).map((l) => l.trim());
  assert.deepEqual(lines, [
    "… while evaluating attribute 'tail'",
    "(7 duplicate frames omitted)",
    "… while evaluating attribute 'head'",
    "… while evaluating attribute 'tail'",
    "… while calling the 'toJSON' builtin",
  ]);
});

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

const errno = (code: string, syscall: string, path?: string, dest?: string) => Object.assign(new Error(`${code}: …, ${syscall}`), { code, syscall, path, dest });

test("handleCliError() turns a filesystem fault into a user error naming the path and why (exit 1, no stack)", () => {
  const cases: [Error, string][] = [
    [errno("ENOSPC", "write", "/r/etc/.#passwd.0123456789ab"), "error: Cannot write /r/etc/passwd: no space left on device\n"],
    [errno("EPERM", "rename", "/r/etc/.#passwd.0123456789ab", "/r/etc/passwd"), "error: Cannot replace /r/etc/passwd: operation not permitted\n"],
    [errno("EROFS", "mkdir", "/r/store/x"), "error: Cannot create directory /r/store/x: read-only file system\n"],
    [errno("EACCES", "symlink", "/store/a", "/home/bob/.#a.0123456789ab"), "error: Cannot create link /home/bob/a: permission denied\n"],
    [errno("EDQUOT", "rename", "/home/bob/a", "/home/bob/a.bak"), "error: Cannot move /home/bob/a to /home/bob/a.bak: disk quota exceeded\n"],
    [errno("ETXTBSY", "open", "/r/bin/x"), "error: Cannot open /r/bin/x: text file busy\n"],
    [errno("ENOSPC", "write"), "error: Cannot write a file: no space left on device\n"],
    [errno("ENOTDIR", "lstat", "/r/var/lib/system-manager/store"), "error: Cannot look at /r/var/lib/system-manager/store: a component of the path is not a directory\n"],
    [errno("ELOOP", "open", "/home/bob/.config/a"), "error: Cannot open /home/bob/.config/a: too many levels of symbolic links\n"],
    [errno("ENAMETOOLONG", "mkdir", "/r/x"), "error: Cannot create directory /r/x: file name too long\n"],
  ];
  for (const [e, want] of cases) {
    let err = "";
    assert.equal(handleCliError(e, (t) => void (err += t)), 1);
    assert.equal(err, want);
  }
});

test("handleCliError() keeps other errors as bugs (exit 70, with the stack)", () => {
  for (const e of [errno("ENOENT", "open", "/x"), new Error("boom"), Object.assign(new Error("no syscall"), { code: "EACCES" })]) {
    let err = "";
    assert.equal(handleCliError(e, (t) => void (err += t)), 70);
    assert.match(err, /^error: internal error/);
  }
});
