/**
 * The fuzz harness's evaluator, run in a worker thread (a large stack and
 * a memory cap, killed when it takes too long): each message is a Nix
 * source, parsed and evaluated purely against an in-memory copy of the
 * corpus (no file of this machine is read), then printed strictly; or,
 * as a flake (`flake: true`), written to a scratch directory, loaded as
 * the CLI loads flakes and its system configuration's users and /etc
 * evaluated. The reply says how it ended: a value, a user error (the only
 * errors we expect), or anything else with its stack (a finding).
 */
import { parentPort } from "node:worker_threads";
import { createBuiltins } from "../../src/nix/builtins/index.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { Evaluator } from "../../src/nix/eval/evaluator.ts";
import { memoryIO } from "../../src/nix/io.ts";
import { PathAccess } from "../../src/nix/path-access.ts";
import { printValue } from "../../src/nix/print-value.ts";
import { force, isStackOverflow, NixAttrs, type Lazy, type Value } from "../../src/nix/value.ts";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FuzzRequest {
  readonly id: number;
  readonly source: string;
  /** Where the source claims to live (its imports resolve against it). */
  readonly file: string;
  /** Load the source as a flake.nix (and evaluate its system configuration) instead. */
  readonly flake?: boolean;
  /** The in-memory tree (sent once, with the first request). */
  readonly files?: Readonly<Record<string, string>>;
}

export interface FuzzReply {
  readonly id: number;
  readonly outcome: "value" | "user-error" | "bug";
  readonly detail: string;
}

let io = memoryIO({});

/** The flake's users and /etc, as `system-manager eval --strict` would print them. */
function evalFlake(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-fuzz-flake-"));
  writeFileSync(join(dir, "flake.nix"), source);
  const outputs = loadFlake(dir, flakeEvaluation({ warn: () => {} }).ctx);
  let v: Value = outputs;
  for (const name of ["systemConfigs", "default", "config"]) {
    if (!(v instanceof NixAttrs) || !v.has(name)) return printValue(v);
    v = force(v.lazy(name) as Lazy);
  }
  const config = v as NixAttrs;
  return ["users", "environment"].map((k) => printValue(force((config.lazy(k) ?? null) as Lazy), { strict: true })).join("\n");
}

function run(req: FuzzRequest): FuzzReply {
  if (req.files !== undefined) io = memoryIO(req.files);
  if (req.flake === true) return settle(req.id, () => evalFlake(req.source));
  const access = new PathAccess({ pure: true });
  access.allow("/corpus");
  const ev = new Evaluator({ io, pure: true, currentSystem: undefined, createBuiltins, trace: () => {}, warn: () => {}, access });
  const dir = req.file.slice(0, req.file.lastIndexOf("/"));
  return settle(req.id, () => printValue(ev.evalSource(req.source, req.file, dir), { strict: true }));
}

function settle(id: number, f: () => string): FuzzReply {
  try {
    return { id, outcome: "value", detail: f().slice(0, 200) };
  } catch (e) {
    if (e instanceof UserError) return { id, outcome: "user-error", detail: e.message.slice(0, 200) };
    const what = isStackOverflow(e) ? "a JavaScript stack overflow: " : "";
    return { id, outcome: "bug", detail: `${what}${(e as Error)?.stack ?? String(e)}` };
  }
}

parentPort?.on("message", (req: FuzzRequest) => parentPort?.postMessage(run(req)));
