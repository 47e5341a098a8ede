/**
 * The --root argument: a non-empty path naming an existing directory,
 * resolved against the working directory, or a user error. An empty one
 * is refused rather than taken as the working directory (run from /, that
 * would be the real system).
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";

export function checkRoot(raw: string, cwd: string): string {
  if (raw.trim() === "") throw new UserError("Cannot use an empty --root: give the directory to activate into (--root / for this system)");
  const root = resolve(cwd, raw);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UserError(`Cannot use '${raw}' as the root: it is not a directory`);
  return root;
}
