/**
 * For the file set tests: a directory tree written to a fresh temporary
 * directory, and Nix source evaluated there (`./.` is the tree) with our
 * lib as `lib` and `lib.fileset` in scope, on the real filesystem so
 * `toSource` copies to the evaluator's store. Traces are recorded; the
 * directory is removed when the process exits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createEvaluator, forceDeep } from "../../nix/evaluate.ts";
import { force, type Value } from "../../nix/value.ts";
import { call } from "../fn.ts";
import { nixLib } from "../index.ts";
import { plain } from "../test-support.ts";

/** Writes `files` (relative path → contents; a path ending in "/" is an empty directory) below a new directory. */
export function fileTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), "fileset-"));
  process.on("exit", () => rmSync(root, { recursive: true, force: true }));
  for (const [p, contents] of Object.entries(files)) {
    if (p.endsWith("/")) mkdirSync(join(root, p), { recursive: true });
    else {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), contents);
    }
  }
  return root;
}

/** `with lib.fileset; <body>` evaluated in `dir`: its plain value and traces, or its error's message. */
export function evalIn(dir: string, body: string): { value?: unknown; error?: string; traces: string[] } {
  const traces: string[] = [];
  const trace = (m: string) => traces.push(m);
  const evaluator = createEvaluator({ pure: false, trace, warn: () => {} });
  const lib = nixLib({ ...evaluator.state, importPath: (p: string) => evaluator.importPath(p), trace, warn: () => {} });
  try {
    const f = evaluator.evalSource(`lib: with lib.fileset; ${body}`, join(dir, "test.nix"), dir);
    const v: Value = forceDeep(force(call(force(f), lib)));
    return { value: plain(v), traces };
  } catch (e) {
    return { error: (e as Error).message, traces };
  }
}
