/**
 * The --root argument: a non-empty path naming an existing directory,
 * resolved against the working directory, or a user error saying what is
 * there instead (nothing, a file, a loop of links, a directory that cannot
 * be searched). An empty one is refused rather than taken as the working
 * directory (run from /, that would be the real system).
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { FAULT_REASONS } from "./render-error.ts";

const WHY: Readonly<Record<string, string>> = {
  ENOENT: "it does not exist (create it first, for example with mkdir -p)",
  ENOTDIR: "a component of it is not a directory",
  ELOOP: "it is a loop of symbolic links",
  ENAMETOOLONG: "the name is too long",
};

export function checkRoot(raw: string, cwd: string): string {
  if (raw.trim() === "") throw new UserError("Cannot use an empty --root: give the directory to activate into (--root / for this system)");
  const root = resolve(cwd, raw);
  let why: string | undefined;
  try {
    if (!statSync(root).isDirectory()) why = "it is not a directory";
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    why = WHY[code] ?? FAULT_REASONS[code] ?? (e as Error).message;
  }
  if (why !== undefined) throw new UserError(`Cannot use '${raw}' as the root: ${why}`);
  return root;
}
