import { test } from "node:test";
import assert from "node:assert/strict";
import { outputLines } from "./output-lines.ts";

test("a child's output is logged in whole lines: a line split across chunks (dbus-daemon's), a character split across chunks, blank lines, a last line without its newline", () => {
  const lines: string[] = [];
  const out = outputLines((l) => lines.push(l));
  const bytes = Buffer.from("dbus-daemon[1]: [session uid=5000] Activating\n\nß done\nlast");
  const cut = bytes.indexOf(Buffer.from("ß")) + 1;
  for (const part of [bytes.subarray(0, 16), bytes.subarray(16, cut), bytes.subarray(cut)]) out.write(part);
  assert.deepEqual(lines, ["dbus-daemon[1]: [session uid=5000] Activating", "", "ß done"]);
  out.end();
  assert.deepEqual(lines, ["dbus-daemon[1]: [session uid=5000] Activating", "", "ß done", "last"]);
  out.end();
  assert.equal(lines.length, 4, "nothing more once ended");
});
