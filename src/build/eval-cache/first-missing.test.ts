/**
 * firstMissing: the first store entry name a store directory does not
 * hold, for a closure of a few names (looked up one by one) and of
 * thousands (against a listing), and for a store that is gone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firstMissing } from "./first-missing.ts";

function store(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-first-missing-"));
  for (const [i, n] of names.entries()) {
    if (i % 2 === 0) writeFileSync(join(dir, n), "");
    else mkdirSync(join(dir, n));
  }
  return dir;
}

for (const size of [3, 2000]) {
  test(`a closure of ${size} names: all there, then the first one removed`, () => {
    const names = Array.from({ length: size }, (_, i) => `${String(i).padStart(32, "0")}-entry-${i}`);
    const dir = store(names);
    try {
      assert.equal(firstMissing(dir, names), undefined);
      const gone = names[Math.floor(size / 2)] as string;
      rmSync(join(dir, gone), { recursive: true });
      assert.equal(firstMissing(dir, names), gone);
      assert.equal(firstMissing(dir, [...names, "not-in-the-store"]), gone);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("a store directory that is gone holds none of them", () => {
  const names = Array.from({ length: 100 }, (_, i) => `entry-${i}`);
  assert.equal(firstMissing("/nonexistent/store", names), "entry-0");
  assert.equal(firstMissing("/nonexistent/store", names.slice(0, 2)), "entry-0");
});
