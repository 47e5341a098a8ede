/**
 * Store paths: `/var/lib/system-manager/store/<hash>-<name>`, where hash
 * is 32 characters of Nix base-32. Our store lives apart from Nix's
 * /nix/store, which Nix's garbage collector owns. Paths here are as the
 * target host sees them; on disk they sit under the activation root.
 */
import { UserError } from "../diagnostics/user-error.ts";

export const STORE_DIR = "/var/lib/system-manager/store";

/** Names in the store of paths being written (renamed into place when complete); gc removes abandoned ones. */
export const TMP_PREFIX = ".tmp-";

/** The link to the system packages profile (a store path); a tmpfiles rule brings it back at boot. */
export const SYSTEM_PROFILE_LINK = "/run/system-manager/sw";

declare const storePathBrand: unique symbol;
export type StorePath = string & { readonly [storePathBrand]: true };

const STORE_PATH = /^\/var\/lib\/system-manager\/store\/([0-9a-df-np-sv-z]{32})-([A-Za-z0-9+._?=-][A-Za-z0-9+._?=-]*)$/;

/** `s` made fit for a store path name: leading dots dropped, other characters outside the alphabet as "-". */
export function storeNameSafe(s: string): string {
  return s.replace(/^\.+/, "").replace(/[^A-Za-z0-9+._?=-]/g, "-") || "file";
}

/** Whether `s` is a store path (one entry at the top of the store). */
export function isStorePath(s: string): s is StorePath {
  return STORE_PATH.test(s);
}

export function parseStorePath(s: string): StorePath {
  if (!STORE_PATH.test(s)) throw new UserError(`Cannot use '${s}' as a store path: expected ${STORE_DIR}/<32-character hash>-<name>`);
  return s as StorePath;
}

export function storePathName(p: StorePath): string {
  return (STORE_PATH.exec(p) as RegExpExecArray)[2] as string;
}

/** `<hash>-<name>`: the path's entry in the store directory. */
export function storeEntryName(p: StorePath): string {
  return p.slice(STORE_DIR.length + 1);
}

export function storePathHash(p: StorePath): string {
  return (STORE_PATH.exec(p) as RegExpExecArray)[1] as string;
}
