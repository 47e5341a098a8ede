/**
 * The Nix language corpus (tvix style): test/nix/lang/eval-okay-*.nix must
 * print as their .exp, eval-fail-* and parse-fail-* must fail with the
 * .exp error text. Cases in lang/notyetpassing/ are known gaps: they run
 * expecting a mismatch, so a fix forces moving them to the main suite.
 * Evaluation runs in a worker with a large stack (as Nix's 10,000 calls
 * need). UPDATE_GOLDEN=1 rewrites the .exp files from the actual output.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runWithLargeStack } from "../../src/cli/large-stack.ts";
import type { CaseResult } from "./corpus-run.ts";

const dir = join(import.meta.dirname, "lang");
const gaps = join(dir, "notyetpassing");
const list = (d: string) => readdirSync(d).filter((f) => f.endsWith(".nix") && /^(eval-okay|eval-fail|parse-fail)-/.test(f)).sort().map((f) => join(d, f));
const files = [...list(dir), ...list(gaps)];
const results = await runWithLargeStack<CaseResult[]>(new URL("./corpus-run.ts", import.meta.url), "runCases", [files]);
const update = process.env.UPDATE_GOLDEN === "1";

for (const { file, actual } of results) {
  const name = file.slice(dir.length + 1);
  const expFile = file.replace(/\.nix$/, ".exp");
  const known = file.startsWith(gaps);
  test(name, () => {
    if (update && !known) writeFileSync(expFile, actual + "\n");
    assert.ok(existsSync(expFile), `missing ${expFile}`);
    const expected = readFileSync(expFile, "utf8").replace(/\n$/, "");
    const okay = name.includes("eval-okay-");
    if (known) return assert.notEqual(actual, expected, `${name} passes now: move it out of notyetpassing/`);
    if (okay) assert.ok(!actual.startsWith("error:"), `${name} failed:\n${actual}`);
    else assert.ok(actual.startsWith("error:"), `${name} should fail but gave ${actual}`);
    assert.equal(actual, expected);
  });
}
