/**
 * dir-stamp.ts: a directory's stamp is its inode and mtime; it is settled
 * once its mtime is older than SETTLE_MS when the mtime has a fraction of a
 * second, and only after two seconds when it is a whole second (a file
 * system that keeps whole seconds); an mtime ahead of the clock is not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dirStamp, SETTLE_MS, settleMs } from "./dir-stamp.ts";

test("a stamp is settled two ticks after a fractional mtime, two seconds after a whole-second one, never ahead of the clock", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sm-dir-stamp-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // utimes takes seconds: a fraction of a millisecond keeps the mtime off a whole second.
  const at = (msAgo: number, wholeSecond: boolean) => {
    const now = Date.now() - msAgo;
    const s = wholeSecond ? Math.floor(now / 1000) : Math.floor(now) / 1000 + 0.0003;
    utimesSync(dir, s, s);
    return dirStamp(dir);
  };
  assert.equal(at(SETTLE_MS + 200, false)?.settled, true);
  assert.equal(at(-60_000, false)?.settled, false, "ahead of the clock");
  // A whole second between 50 ms and about a second ago: settled by the fractional rule, not by the whole-second one.
  const now = Date.now();
  const second = Math.floor(now / 1000) - (now % 1000 < 50 ? 1 : 0);
  utimesSync(dir, second, second);
  assert.equal(dirStamp(dir)?.settled, false, "a whole second, under two seconds ago");
  assert.equal(at(3000, true)?.settled, true, "a whole second, 3 s ago");
  const st = statSync(dir, { bigint: true });
  assert.equal(dirStamp(dir)?.text, `${st.ino}:${st.mtimeNs}\n`);
  writeFileSync(join(dir, "f"), "");
  assert.notEqual(dirStamp(dir)?.text, `${st.ino}:${st.mtimeNs}\n`, "an entry made changes it");
  assert.equal(dirStamp(join(dir, "f")), undefined, "not a directory");
  assert.equal(dirStamp(join(dir, "missing")), undefined);
});

test("settleMs: two ticks for a time with a fraction of a second, two seconds for a whole second", () => {
  assert.equal(settleMs(1_796_681_163_122_999_000n), SETTLE_MS);
  assert.equal(settleMs(1_796_681_163_000_000_001n), SETTLE_MS);
  assert.equal(settleMs(1_796_681_163_000_000_000n), 2000);
});
