/** Tests for when stderr text keeps its ANSI escapes (as Nix: a terminal, a TERM that is not dumb, no NO_COLOR), and for errors rendered without them otherwise. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ansiShown, forStderr } from "./ansi-shown.ts";
import { handleCliError } from "./render-error.ts";
import { CatchableError } from "../nix/errors.ts";

test("escapes are shown only on a terminal with a TERM that is not dumb and no NO_COLOR/NOCOLOR", () => {
  assert.equal(ansiShown({ TERM: "xterm" }, true), true);
  assert.equal(ansiShown({ TERM: "xterm" }, false), false);
  assert.equal(ansiShown({}, true), false, "no TERM counts as dumb");
  assert.equal(ansiShown({ TERM: "dumb" }, true), false);
  assert.equal(ansiShown({ TERM: "xterm", NO_COLOR: "" }, true), false);
  assert.equal(ansiShown({ TERM: "xterm", NOCOLOR: "1" }, true), false);
  assert.equal(forStderr("\x1b[1;31mred\x1b[0m", false), "red");
  assert.equal(forStderr("\x1b[1;31mred\x1b[0m", true), "\x1b[1;31mred\x1b[0m");
});

test("a throw's coloured message is rendered without its escapes when stderr is no terminal", () => {
  let out = "";
  const saved = process.stderr.isTTY;
  Object.assign(process.stderr, { isTTY: false });
  try {
    assert.equal(handleCliError(new CatchableError("\x1b[1;31mbad\x1b[0m value"), (t) => (out += t)), 1);
  } finally {
    Object.assign(process.stderr, { isTTY: saved });
  }
  assert.equal(out, "error: bad value\n");
});
