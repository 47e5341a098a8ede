/** The --root argument: an existing directory, or a user error. */
import { existsSync, statSync } from "node:fs";
import { UserError } from "../diagnostics/user-error.ts";

export function checkRoot(root: string): string {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UserError(`Cannot use '${root}' as the root: it is not a directory`);
  return root;
}
