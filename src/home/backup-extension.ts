/**
 * The backup extension (`home-manager -b EXT`, HOME_MANAGER_BACKUP_EXT,
 * `home-manager.backupFileExtension`): a file in the way is moved to
 * `<file>.<EXT>`. As home-manager's activation (`[[ -n $EXT ]]`), an
 * empty one means no backup. One naming another directory ("/") or
 * holding a NUL would move the file elsewhere, not beside itself: refused.
 */
import { UserError } from "../diagnostics/user-error.ts";

/** `ext` as activation uses it: null for none (absent or empty), else the extension, or a user error naming `what` gave it. */
export function backupExtension(ext: string | null | undefined, what = "the backup extension"): string | null {
  if (ext === null || ext === undefined || ext === "") return null;
  if (ext.includes("/") || ext.includes("\0")) throw new UserError(`Cannot use ${JSON.stringify(ext)} as ${what}: a backup is made beside its file, so the extension may not hold a '/' (or a NUL)`);
  return ext;
}
