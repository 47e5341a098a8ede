/**
 * Writes a file tree into the store under a root, content-addressed. The
 * tree is written into a temporary directory inside the store, made
 * read-only, then renamed into place: a store path either exists whole or
 * not at all, and an existing one is reused untouched.
 */
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { STORE_DIR, type StorePath } from "./store-path.ts";
import { tmpPrefix } from "./tmp-lock.ts";
import { contentAddressedPath, type FileTree, type TreeEntry } from "./file-tree.ts";
import { UserError } from "../diagnostics/user-error.ts";

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/** Returns the store path (as the target sees it) holding `tree`. */
export async function writeStorePath(root: string, name: string, tree: FileTree): Promise<StorePath> {
  return writeStorePathAt(root, contentAddressedPath(name, tree), tree);
}

/** Writes `tree` at a given store path (content-addressed by the caller, or input-addressed as packages are). */
export async function writeStorePathAt(root: string, storePath: StorePath, tree: FileTree): Promise<StorePath> {
  const final = join(root, storePath);
  if (await exists(final)) return storePath;
  const storeDir = join(root, STORE_DIR);
  const single = tree.get("");
  if (single !== undefined) return writeSingleFile(storeDir, final, storePath, single);
  let tmp: string;
  try {
    await mkdir(storeDir, { recursive: true, mode: 0o755 });
    tmp = await mkdtemp(join(storeDir, tmpPrefix()));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM" && code !== "EROFS") throw e;
    throw new UserError(`Cannot write to the store ${storeDir}: ${code === "EROFS" ? "read-only file system" : "permission denied"}; run as root, add --sudo, or build into another --root`);
  }
  try {
    const dirs = new Set<string>();
    for (const [rel, entry] of tree) {
      const p = join(tmp, rel);
      await mkdir(dirname(p), { recursive: true });
      for (let d = dirname(rel); d !== "." && d !== "/"; d = dirname(d)) dirs.add(d);
      if (entry.kind === "file") {
        await writeFile(p, entry.content);
        await chmod(p, entry.executable ? 0o555 : 0o444);
      } else {
        await symlink(entry.target, p);
      }
    }
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) await chmod(join(tmp, d), 0o555);
    await chmod(tmp, 0o555);
    try {
      await rename(tmp, final);
    } catch (e) {
      // Another build wrote the same content first: identical by construction.
      if (!(await exists(final))) throw e;
      await removeTree(tmp);
    }
  } catch (e) {
    await removeTree(tmp);
    throw e;
  }
  return storePath;
}

/** A store path that is one file (as Nix's writeText makes): written beside and renamed. */
async function writeSingleFile(storeDir: string, final: string, storePath: StorePath, entry: TreeEntry): Promise<StorePath> {
  if (entry.kind !== "file") throw new Error("a single-entry store path must be a file");
  await mkdir(storeDir, { recursive: true, mode: 0o755 });
  const tmp = join(storeDir, `${tmpPrefix()}${Math.random().toString(36).slice(2)}`);
  await writeFile(tmp, entry.content, { mode: 0o600 });
  await chmod(tmp, entry.executable ? 0o555 : 0o444);
  await rename(tmp, final);
  return storePath;
}

/** Removes a (possibly read-only) temporary tree. */
async function removeTree(dir: string): Promise<void> {
  await makeWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined);
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const e of entries) {
    const p = join(dir, e);
    if ((await lstat(p)).isDirectory()) await makeWritable(p);
  }
}
