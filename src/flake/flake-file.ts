/**
 * A flake's flake.nix, read as Nix's getFlake does: the directory must
 * exist and hold flake.nix, a set with only description, inputs, outputs
 * and nixConfig, whose `outputs` is a function. The directory is allowed
 * to pure evaluation's file access first.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { systemError } from "../diagnostics/system-error.ts";
import type { Evaluator } from "../nix/eval/evaluator.ts";
import type { PathAccess } from "../nix/path-access.ts";
import { force, NixAttrs, NixFunction } from "../nix/value.ts";

const TOP = new Set(["description", "inputs", "outputs", "nixConfig"]);

export interface FlakeFile {
  readonly dir: string;
  readonly top: NixAttrs;
  readonly outputs: NixFunction;
}

export interface FlakeFileContext {
  readonly evaluator: Evaluator;
  readonly warn: (message: string) => void;
  readonly access?: PathAccess;
}

const read = new WeakMap<FlakeFileContext, Map<string, FlakeFile>>();

/** A user error unless `abs` is a directory (a flake's, before anything in it is read). */
export function checkFlakeDir(abs: string): void {
  try {
    if (statSync(abs).isDirectory()) return;
  } catch (e) {
    const why = systemError(e);
    if (why === undefined) throw e;
    throw new UserError((e as NodeJS.ErrnoException).code === "ENOENT" ? `path '${abs}' does not exist` : `getting status of '${abs}': ${why}`);
  }
  throw new UserError(`path '${abs}' is not a directory: a flake is a directory holding flake.nix`);
}

export function readFlakeFile(dir: string, ctx: FlakeFileContext): FlakeFile {
  const abs = resolve(dir);
  const memo = read.get(ctx) ?? new Map<string, FlakeFile>();
  read.set(ctx, memo);
  const hit = memo.get(abs);
  if (hit !== undefined) return hit;
  const file = join(abs, "flake.nix");
  checkFlakeDir(abs);
  if (!existsSync(file)) throw new UserError(`path '${file}' does not exist`);
  ctx.access?.allow(abs);
  const top = force(ctx.evaluator.importPath(file));
  if (!(top instanceof NixAttrs)) throw new UserError(`file '${file}' must be an attribute set`);
  for (const k of top.keys()) {
    if (!TOP.has(k)) throw new UserError(`flake '${abs}' has an unsupported attribute '${k}'`, top.pos?.get(k));
  }
  if (top.has("nixConfig")) ctx.warn(`ignoring the flake's nixConfig (${abs}): system-manager does not run Nix builds`);
  const outputs = top.get("outputs");
  if (outputs === undefined) throw new UserError(`flake '${abs}' lacks attribute 'outputs'`);
  if (!(outputs instanceof NixFunction)) throw new UserError(`the 'outputs' of flake '${abs}' must be a function`, top.pos?.get("outputs"));
  const f = { dir: abs, top, outputs };
  memo.set(abs, f);
  return f;
}
