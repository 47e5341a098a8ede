/**
 * Golden files: compare a generated text with the file that holds what it
 * must be, byte for byte. With UPDATE_GOLDEN=1 the file is (re)written
 * instead, and the diff is reviewed in git.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function assertGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `missing golden file ${path}: run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, readFileSync(path, "utf8"), `differs from the golden file ${path}`);
}
