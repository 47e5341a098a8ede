/**
 * The cache of Node runtimes in the user's cache directory
 * (node-runtimes.json): for each node binary, the files its runtime was
 * made from (node, then its libraries), their identity (path, device,
 * inode, size, mtime, ctime), the runtime's store path, each of its files
 * and their sizes, and where it was last written (`copies`: the store
 * path's directory under a few roots). While node's identity is unchanged:
 *
 *   - a runtime in this root's store is used as it is (stands), neither
 *     read nor asked for its libraries again: present is valid, as for
 *     any store path (src/store/store-validity.ts); a build that repairs
 *     also checks that its files are whole (each one's size and mode);
 *     its references are the recorded ones (src/store/known-references.ts);
 *   - one missing from this root's store (a new --root) is hard-linked
 *     from a copy under another root on the same filesystem (linkedRuntime):
 *     that copy's files are ours and read-only, with the sizes recorded,
 *     so the new store path holds the same bytes without 100 MB being
 *     copied or hashed again. Staged in a `.tmp-` directory and renamed
 *     into place whole, a temporary GC root first, as every store write.
 *
 * Anything that does not hold (node replaced, a copy gone, cut or made
 * writable, another filesystem) means the runtime is written as new.
 */
import { createHash } from "node:crypto";
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { STORE_DIR, type StorePath } from "../store/store-path.ts";
import { keptInStore, trustedStoreDir } from "../store/write-store-path.ts";
import { addTempRoot } from "../store/temp-roots.ts";
import { tmpPrefix } from "../store/tmp-lock.ts";
import { repairing } from "../store/store-session.ts";
import { removeTree } from "../store/stage-tree.ts";
import { noteKnownReferences } from "../store/known-references.ts";

export const CACHE_FILE = "node-runtimes.json";
/** How many roots' copies of a runtime are remembered. */
const COPIES = 4;

export interface CachedRuntime {
  readonly sources: readonly string[];
  readonly identity: string;
  readonly path: string;
  /** Each file of the runtime and its size: a runtime damaged in the store (a file deleted or cut) is written again. */
  readonly files: Readonly<Record<string, number>>;
  /** Host directories of the store path under the roots it was last written to, newest first. */
  readonly copies?: readonly string[];
  /** The store entries the runtime's files name, as gc reads them when it was written: the closure of a build that reuses it is taken without reading 2 MB of libraries again. */
  readonly references?: readonly string[];
}

export function identity(paths: readonly string[]): string {
  const ids = paths.map((p) => {
    const st = statSync(p, { bigint: true });
    return [p, st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].map(String);
  });
  return createHash("sha256").update(JSON.stringify(ids)).digest("hex");
}

export function readCache(file: string): Record<string, CachedRuntime> {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown; runtimes?: Record<string, CachedRuntime> };
    return data.version === 2 && typeof data.runtimes === "object" && data.runtimes !== null ? data.runtimes : {};
  } catch {
    return {};
  }
}

export function writeCache(file: string, runtimes: Record<string, CachedRuntime>): void {
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 2, runtimes }) + "\n");
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs reading node again next time.
  }
}

/** `c` with `host` as its newest copy. */
export function withCopy(c: CachedRuntime, host: string): CachedRuntime {
  return { ...c, copies: [host, ...(c.copies ?? []).filter((h) => h !== host)].slice(0, COPIES) };
}

/** Whether a cache entry is well-formed and its node unchanged. */
function current(c: CachedRuntime | undefined): c is CachedRuntime {
  if (c === undefined || !Array.isArray(c.sources) || typeof c.path !== "string" || !c.path.startsWith(`${STORE_DIR}/`)) return false;
  if (typeof c.files !== "object" || c.files === null || Object.keys(c.files).length === 0) return false;
  try {
    return identity(c.sources) === c.identity;
  } catch {
    return false;
  }
}

const me = () => process.geteuid?.() ?? 0;
const whole = (st: Stats | undefined, size: number) => st !== undefined && st.isFile() && st.size === size && (st.mode & 0o222) === 0 && (st.uid === 0 || st.uid === me());

/** What lstat says of `p`, or undefined when it cannot say (nothing there, or a path through a file or a loop of links: a copy elsewhere another run changed). */
function lookAt(p: string): Stats | undefined {
  try {
    return lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Whether the runtime at host directory `dir` has every file of `c`, whole. */
function holds(dir: string, c: CachedRuntime): boolean {
  return Object.entries(c.files).every(([rel, size]) => whole(lookAt(join(dir, rel)), size));
}

/** Whether a cached runtime still stands: its node unchanged, its path in this root's store (with its files whole, when repairing); its recorded references are then noted. */
export function stands(root: string, c: CachedRuntime | undefined): boolean {
  if (!current(c) || !keptInStore(root, c.path) || (repairing() && !holds(join(root, c.path), c))) return false;
  noteCachedReferences(root, c);
  return true;
}

/** Notes the references recorded for the cached runtime `c`, as found at its path under `root` (none recorded: it is read when asked for). */
function noteCachedReferences(root: string, c: CachedRuntime): void {
  if (Array.isArray(c.references) && c.references.every((r) => typeof r === "string")) noteKnownReferences(join(root, c.path), c.references);
}

/** The cached runtime hard-linked into the store under `root` from a copy of it (see above); undefined when none serves. */
export async function linkedRuntime(root: string, c: CachedRuntime | undefined): Promise<StorePath | undefined> {
  if (!current(c)) return undefined;
  const from = (c.copies ?? []).find((h) => typeof h === "string" && h.endsWith(c.path) && holds(h, c));
  if (from === undefined) return undefined;
  const storeDir = trustedStoreDir(root);
  addTempRoot(root, c.path);
  const final = join(root, c.path);
  if (lstatSync(final, { throwIfNoEntry: false }) !== undefined) return undefined;
  let tmp: string | undefined;
  try {
    tmp = mkdtempSync(join(storeDir, tmpPrefix()));
    const dirs = new Set<string>();
    for (const rel of Object.keys(c.files)) {
      for (let d = dirname(rel); d !== "." && !dirs.has(d); d = dirname(d)) dirs.add(d);
    }
    for (const d of [...dirs].sort()) mkdirSync(join(tmp, d));
    for (const rel of Object.keys(c.files)) linkSync(join(from, rel), join(tmp, rel));
    for (const d of [...dirs].sort().reverse()) chmodSync(join(tmp, d), 0o555);
    chmodSync(tmp, 0o555);
    renameSync(tmp, final);
    if (!holds(final, c)) return undefined;
    noteCachedReferences(root, c);
    return c.path as StorePath;
  } catch {
    if (tmp !== undefined) await removeTree(tmp);
    return undefined;
  }
}
