/**
 * Writing the manual into its directory: a directory that is not one we
 * wrote (no marker file in it), a file, or a symbolic link there is
 * refused before anything is written. The files are written into a fresh
 * directory beside it, which is then renamed into place; a manual written
 * before is moved aside first and removed after, so the directory always
 * holds a whole manual, old or new.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { systemError } from "../diagnostics/system-error.ts";
import { MANUAL_MARKER } from "./manual-site.ts";

/** Whether `out` may take the manual: absent, or a directory holding our marker; a UserError saying why not. */
export function checkManualDir(out: string): void {
  const fix = "remove it or choose another directory with --out DIR";
  let st;
  try {
    st = lstatSync(out, { throwIfNoEntry: false });
  } catch (e) {
    const why = systemError(e);
    if (why === undefined) throw e;
    throw new UserError(`Refusing to write the manual to ${out}: ${why} (choose another directory with --out DIR)`);
  }
  if (st === undefined) return;
  if (st.isSymbolicLink()) throw new UserError(`Refusing to write the manual to ${out}: it is a symbolic link (${fix})`);
  if (!st.isDirectory()) throw new UserError(`Refusing to write the manual to ${out}: it exists and is not a directory (${fix})`);
  if (lstatSync(join(out, MANUAL_MARKER), { throwIfNoEntry: false })?.isFile() !== true) {
    throw new UserError(`Refusing to write the manual into ${out}: the directory exists and is not a manual system-manager wrote (it has no ${MANUAL_MARKER}); ${fix}`);
  }
}

/** Writes `files` as the directory `out` (checked with checkManualDir first); a file system's refusal is a UserError naming it. */
export function writeManual(out: string, files: ReadonlyMap<string, string>): void {
  checkManualDir(out);
  try {
    replaceDir(out, files);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw e;
    throw new UserError(`Cannot write the manual to ${out}: ${(e as Error).message}`);
  }
}

function replaceDir(out: string, files: ReadonlyMap<string, string>): void {
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const fresh = mkdtempSync(join(parent, `.${basename(out)}.new-`));
  let old: string | undefined;
  try {
    chmodSync(fresh, 0o755);
    for (const [name, content] of files) writeFileSync(join(fresh, name), content, { mode: 0o644 });
    if (lstatSync(out, { throwIfNoEntry: false }) !== undefined) {
      old = join(parent, `.${basename(out)}.old-${basename(fresh).slice(-6)}`);
      renameSync(out, old);
    }
    renameSync(fresh, out);
  } catch (e) {
    if (old !== undefined && lstatSync(out, { throwIfNoEntry: false }) === undefined) renameSync(old, out);
    rmSync(fresh, { recursive: true, force: true });
    throw e;
  }
  if (old !== undefined) rmSync(old, { recursive: true, force: true });
}
