/**
 * For call-depth-vs-nix.test.ts, run in a worker with a stack sized to
 * the depth: our evaluator's printing of a Nix file's text (forced
 * deeply) with `maxCallDepth`, or its error's message.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalFile, forceDeep } from "../../src/nix/evaluate.ts";
import { printValue } from "../../src/nix/print-value.ts";
import type { NixResult } from "./nix-instantiate.ts";

export function evaluateWithDepth(text: string, maxCallDepth: number): NixResult {
  const dir = mkdtempSync(join(tmpdir(), "sm-call-depth-"));
  try {
    const file = join(dir, "t.nix");
    writeFileSync(file, text);
    return { ok: true, printed: printValue(forceDeep(evalFile(file, { maxCallDepth, warn: () => {}, trace: () => {} }))) };
  } catch (e) {
    return { ok: false, stderr: (e as Error).message };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
