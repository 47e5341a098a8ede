/**
 * Fetched trees into the store: a tree is staged under a temporary name
 * inside the store directory (gc knows `.tmp-` names), hashed as a NAR,
 * checked against the narHash a lock expects, made read-only (its top
 * directory last, after the rename) and renamed to its content address
 * (as Nix's makeFixedOutputPath, name "source").
 * A tree that fails anywhere is removed: the store holds it whole or not
 * at all. A tree used or written is a temporary GC root of this process
 * (src/store/temp-roots.ts) first, so a gc running beside leaves it.
 */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, renameSync, rmSync, existsSync } from "node:fs";
import { join } from "node:path";
import { narSha256 } from "../../store/nar.ts";
import { storeError, trustedStoreDir } from "../../store/write-store-path.ts";
import { tmpPrefix } from "../../store/tmp-lock.ts";
import { addTempRoot } from "../../store/temp-roots.ts";
import { sourceStorePath } from "./source-path.ts";
import type { FetchContext } from "./fetch-context.ts";

/** A fresh temporary directory in the store, for one tree's download and unpacking. */
export function stagingDir(ctx: FetchContext): string {
  const storeDir = trustedStoreDir(ctx.storeRoot);
  try {
    return mkdtempSync(join(storeDir, `${tmpPrefix()}fetch-`));
  } catch (e) {
    storeError(storeDir, e);
  }
}

export function removeStaging(dir: string): void {
  const writable = (p: string) => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined || !st.isDirectory()) return;
    chmodSync(p, 0o755);
    for (const n of readdirSync(p)) writable(join(p, n));
  };
  writable(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** A store path's place on this machine. */
export function hostPath(ctx: FetchContext, storePath: string): string {
  return join(ctx.storeRoot, storePath);
}

/**
 * Whether the store holds `storePath`; registered first as a temporary GC
 * root of this process, so a gc does not remove it while we use it. A
 * top directory left writable (a process killed between installStaged's
 * rename and its chmod) is made read-only now, when it is ours.
 */
export function inStore(ctx: FetchContext, storePath: string): boolean {
  if (!existsSync(hostPath(ctx, storePath))) return false;
  addTempRoot(ctx.storeRoot, storePath);
  const st = lstatSync(hostPath(ctx, storePath), { throwIfNoEntry: false });
  if (st === undefined) return false;
  if (st.isDirectory() && (st.mode & 0o222) !== 0 && st.uid === process.geteuid?.()) chmodSync(hostPath(ctx, storePath), 0o555);
  return true;
}

/** The narHash of a staged tree (`sha256-…`) and its digest. */
export function hashStaged(path: string): { sri: string; digest: Buffer } {
  const digest = narSha256(path);
  return { sri: `sha256-${digest.toString("base64")}`, digest };
}

function readOnly(p: string): void {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    for (const n of readdirSync(p)) readOnly(join(p, n));
    chmodSync(p, 0o555);
  } else chmodSync(p, (st.mode & 0o100) !== 0 ? 0o555 : 0o444);
}

/** Moves the staged tree at `path` (hashed as `digest`) to its store path; returns that path. */
export function installStaged(ctx: FetchContext, path: string, digest: Buffer): string {
  const storePath = sourceStorePath(digest);
  const final = hostPath(ctx, storePath);
  addTempRoot(ctx.storeRoot, storePath);
  if (existsSync(final)) return storePath;
  // A directory moved to another parent must stay writable until it is moved (its ".." changes): without root, a
  // read-only one cannot be renamed (EACCES). So what is below it is made read-only first, the directory itself after.
  const dir = lstatSync(path).isDirectory();
  if (dir) for (const n of readdirSync(path)) readOnly(join(path, n));
  else readOnly(path);
  try {
    renameSync(path, final);
  } catch (e) {
    if (!existsSync(final)) throw e;
    return storePath;
  }
  if (dir) chmodSync(final, 0o555);
  return storePath;
}
