/**
 * Writing an input-addressed store path: its content is made in a
 * temporary directory inside the store (same filesystem), normalised
 * (owner root when we are root, no setuid/setgid/sticky bits, read-only,
 * mtime 1), then renamed to its final name: a store path exists whole or
 * not at all, and one that exists is never touched again. It is a
 * temporary GC root of this process (src/store/temp-roots.ts).
 */
import { chmodSync, chownSync, existsSync, lchownSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { META_DIR } from "./debian/closure-view.ts";
import { join } from "node:path";
import { storePathName, TMP_PREFIX, type StorePath } from "../store/store-path.ts";
import { tmpPrefix } from "../store/tmp-lock.ts";
import { addTempRoot } from "../store/temp-roots.ts";
import { storeError, trustedStoreDir } from "../store/write-store-path.ts";

export { TMP_PREFIX };

export class StagedPath {
  readonly storePath: StorePath;
  /** The temporary host directory the content is written into. */
  readonly dir: string;
  readonly #final: string;

  constructor(root: string, storePath: StorePath) {
    const store = trustedStoreDir(root);
    // gc keeps it while this process lives, once it is renamed into place.
    addTempRoot(root, storePath);
    try {
      this.dir = mkdtempSync(join(store, `${tmpPrefix()}${storePathName(storePath)}-`));
    } catch (e) {
      storeError(store, e);
    }
    this.storePath = storePath;
    this.#final = join(root, storePath);
  }

  /** Writes the package's record of itself (`.system-manager/info.json`: what it was made from, its references). */
  writeInfo(info: object): void {
    mkdirSync(join(this.dir, META_DIR), { recursive: true });
    writeFileSync(join(this.dir, META_DIR, "info.json"), JSON.stringify(info, null, 2) + "\n");
  }

  /** Normalises the content and renames it into place (a path another build finished first is kept). */
  commit(): void {
    normaliseTree(this.dir, false);
    try {
      renameSync(this.dir, this.#final);
    } catch (e) {
      if (!existsSync(this.#final)) throw e;
      this.abort();
      return;
    }
    // The top directory's mtime last: renaming into it would change it again.
    utimesSync(this.#final, 1, 1);
  }

  abort(): void {
    removeTree(this.dir);
  }
}

/** Removes a tree that may be read-only, or a single file (a writeText store path). */
export function removeTree(dir: string): void {
  const writable = (d: string) => {
    try {
      chmodSync(d, 0o755);
    } catch {
      return;
    }
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) writable(p);
    }
  };
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return;
  }
  if (st.isDirectory()) writable(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Owner root (when root), modes r-x/r-- without set-id bits, mtime 1 (the top directory's too unless `top` is false); children before their directory. */
export function normaliseTree(dir: string, top = true): void {
  const asRoot = process.getuid?.() === 0;
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) {
      if (asRoot && (st.uid !== 0 || st.gid !== 0)) lchownSync(p, 0, 0);
      lutimesSync(p, 1, 1);
      return;
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    if (asRoot && (st.uid !== 0 || st.gid !== 0)) chownSync(p, 0, 0);
    const mode = st.isDirectory() || (st.mode & 0o111) !== 0 ? 0o555 : 0o444;
    if ((st.mode & 0o7777) !== mode) chmodSync(p, mode);
    if (top || p !== dir) utimesSync(p, 1, 1);
  };
  walk(dir);
}
