/**
 * `gc`: removes the store paths nothing live refers to. Roots are the
 * links under the profiles directory (every generation, system and home),
 * the gcroots directory, /etc/profiles/per-user/* and /run/system-manager/sw.
 * Live paths are marked through references: the ones a package path
 * records in .system-manager/info.json, else the store paths found in its
 * symlinks and small files (a generation's manifest.json names its
 * packages and profiles). The temporary roots of live processes (store
 * paths a build in flight has written or reused, src/store/temp-roots.ts)
 * are roots too; gc holds the store's gc lock while it collects, and
 * removes the root files of processes that are gone. A temporary
 * (`.tmp-*`) is removed once the
 * process that writes it is gone (its name records the writer, see
 * src/store/tmp-lock.ts); one whose writer is unknown (named before
 * writers were recorded, or without /proc), once it is an hour old.
 * A dead path is renamed to a `.tmp-` name of this process before it is
 * removed: a store path present under its final name is valid
 * (src/store/store-validity.ts), so a gc killed while removing one must
 * not leave half of it there; what it left is a dead writer's temporary.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR, SYSTEM_PROFILE_LINK } from "../store/store-path.ts";
import { tmpPrefix, tmpWriterAlive } from "../store/tmp-lock.ts";
import { acquireGcLock, readTempRoots } from "../store/temp-roots.ts";
import { removeTree, TMP_PREFIX } from "./staged-path.ts";
import { forgetReferences, knownReferences, SCAN_LIMIT, storeNames, storeNamesIn } from "../store/known-references.ts";

/** Where links that keep store paths alive live (the first is src/activate/generations.ts's PROFILES_DIR). */
export const GC_ROOT_DIRS = ["/var/lib/system-manager/profiles", "/var/lib/system-manager/gcroots", "/etc/profiles/per-user"];
export const GC_ROOT_LINKS = [SYSTEM_PROFILE_LINK];

/** Beside the store's entries (gc never takes a name starting with "."): each package entry's tree hash, by entry name (./package-hashes.ts). */
export const TREE_HASHES = ".tree-hashes";

export { SCAN_LIMIT, storeNames };

export interface GcResult {
  readonly roots: readonly string[];
  readonly live: readonly string[];
  /** Store entries removed (or that would be, with dryRun), by name. */
  readonly dead: readonly string[];
  readonly bytes: number;
}

function linksUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (host: string) => {
    let names: string[];
    try {
      names = readdirSync(host);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(host, n);
      try {
        const st = lstatSync(p);
        if (st.isSymbolicLink()) out.push(readlinkSync(p));
        else if (st.isDirectory()) walk(p);
      } catch (e) {
        // Renamed or removed since it was listed (a link being made, .new renamed over its name): whatever it names is a temporary root of its maker.
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
  };
  walk(join(root, dir));
  return out;
}

/** The references an info.json records; undefined when there is none, or it is not one (then the path is scanned). */
function recorded(info: string): string[] | undefined {
  try {
    const refs = (JSON.parse(readFileSync(info, "utf8")) as { references?: unknown }).references;
    return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === "string") : undefined;
  } catch {
    return undefined;
  }
}

/** The store entries a store path refers to (names, not paths): as recorded when this process wrote it (src/store/known-references.ts), else read. */
export function references(root: string, name: string): string[] {
  const dir = join(root, STORE_DIR, name);
  const noted = knownReferences(dir);
  if (noted !== undefined) return [...noted];
  // Only a directory can hold an info.json: a one-file path (a text, thousands in a large home) is not asked for one.
  const top = lstatSync(dir, { throwIfNoEntry: false });
  if (top === undefined) return [];
  const info = top.isDirectory() ? recorded(join(dir, ".system-manager", "info.json")) : undefined;
  if (info !== undefined) return storeNames(info.join("\n"));
  const found = new Set<string>();
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) storeNames(readlinkSync(p)).forEach((n) => found.add(n));
    else if (st.isDirectory()) for (const c of readdirSync(p)) walk(join(p, c));
    else if (st.isFile() && st.size <= SCAN_LIMIT) storeNamesIn(readFileSync(p)).forEach((n) => found.add(n));
  };
  walk(dir);
  found.delete(name);
  return [...found];
}

function size(p: string): number {
  const st = lstatSync(p);
  return st.isDirectory() ? readdirSync(p).reduce((n, c) => n + size(join(p, c)), st.size) : st.size;
}

export function collectGarbage(root: string, opts: { dryRun: boolean; now?: number }): GcResult {
  const store = join(root, STORE_DIR);
  if (opts.dryRun || !existsSync(store)) return collect(root, opts);
  // Taken before the roots are read: a build registering a root meanwhile waits for it (temp-roots.ts).
  const release = acquireGcLock(root);
  try {
    return collect(root, opts);
  } finally {
    release();
  }
}

function collect(root: string, opts: { dryRun: boolean; now?: number }): GcResult {
  const store = join(root, STORE_DIR);
  const now = opts.now ?? Date.now();
  const entries = existsSync(store) ? readdirSync(store).sort() : [];
  const present = new Set(entries);
  const temp = readTempRoots(root, now);
  const targets = [...GC_ROOT_DIRS.flatMap((d) => linksUnder(root, d)), ...GC_ROOT_LINKS.flatMap((l) => (existsSync(join(root, l)) || isLink(join(root, l)) ? [readlinkSync(join(root, l))] : []))];
  const roots = [...new Set([...targets.flatMap(storeNames), ...temp.names])].filter((n) => present.has(n)).sort();
  const live = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (live.has(n) || !present.has(n)) continue;
    live.add(n);
    stack.push(...references(root, n));
  }
  const abandoned = (n: string) => {
    const alive = tmpWriterAlive(n);
    return alive === undefined ? now - lstatSync(join(store, n)).mtimeMs > 3600 * 1000 : !alive;
  };
  const dead = entries.filter((n) => (n.startsWith(TMP_PREFIX) ? abandoned(n) : !n.startsWith(".") && !live.has(n)));
  let bytes = 0;
  for (const n of dead) {
    bytes += size(join(store, n));
    if (!opts.dryRun) {
      removeTree(n.startsWith(TMP_PREFIX) ? join(store, n) : asideOf(store, n));
      forgetReferences(join(store, n));
      rmSync(join(store, TREE_HASHES, n), { force: true });
    }
  }
  if (!opts.dryRun) for (const f of temp.stale) rmSync(f, { force: true });
  return { roots, live: [...live].sort(), dead, bytes };
}

/** Renames the dead store path `name` to a new temporary of this process (see above); returns where it is. */
function asideOf(store: string, name: string): string {
  const aside = join(store, `${tmpPrefix()}gc-${Math.random().toString(36).slice(2)}`);
  renameSync(join(store, name), aside);
  return aside;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
