/**
 * Differential testing against Nix 2.8: `nixInstantiate(text)` evaluates a
 * Nix expression with `nix-instantiate --eval --strict` (in a temporary
 * state and store directory, removed afterwards) and gives what it printed,
 * or undefined when nix-instantiate is not installed (the caller skips
 * visibly). `ours(text)` is our evaluator's printing of the same.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalFile, forceDeep } from "../../src/nix/evaluate.ts";
import { printValue } from "../../src/nix/print-value.ts";

export type NixResult = { readonly ok: true; readonly printed: string } | { readonly ok: false; readonly stderr: string };

/** What Nix 2.8 prints for `text` (a file /t.nix-like expression), or undefined without nix-instantiate. */
export function nixInstantiate(text: string): NixResult | undefined {
  const dir = mkdtempSync(join(tmpdir(), "sm-nix-diff-"));
  try {
    const file = join(dir, "t.nix");
    writeFileSync(file, text);
    const r = spawnSync("nix-instantiate", ["--eval", "--strict", file], {
      encoding: "utf8",
      env: { ...process.env, NIX_STATE_DIR: join(dir, "state"), NIX_STORE_DIR: join(dir, "store"), HOME: dir },
    });
    if (r.error !== undefined) return undefined;
    return r.status === 0 ? { ok: true, printed: r.stdout.trim() } : { ok: false, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our evaluator's printing of `text` (as a file, forced deeply), or its error. */
export function ours(text: string): NixResult {
  const dir = mkdtempSync(join(tmpdir(), "sm-nix-diff-"));
  try {
    const file = join(dir, "t.nix");
    writeFileSync(file, text);
    return { ok: true, printed: printValue(forceDeep(evalFile(file, { warn: () => {}, trace: () => {} }))) };
  } catch (e) {
    return { ok: false, stderr: String(e) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asserts that each expression of `cases` evaluates as Nix 2.8 evaluates it; skips the test, saying why, without nix-instantiate. */
export function assertSameAsNix(t: { skip(message: string): void }, cases: readonly string[]): void {
  for (const text of cases) {
    const nix = nixInstantiate(text);
    if (nix === undefined) {
      t.skip("nix-instantiate is not installed");
      return;
    }
    assert.deepEqual(ours(text), nix, text);
  }
}
