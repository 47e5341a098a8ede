/**
 * Links left in an older home generation, and the gc roots that keep it.
 *
 * home-manager relinks every file into each new generation. Here, when a
 * switch is run by the system (as root, or for a --root tree), a link
 * into an older generation whose file the new generation has unchanged is
 * left as it is: after a one-file change, one link is written instead of
 * 10,000. That is safe only while the older generation stays in the store,
 * so the system's activation keeps a gc root for each generation links of
 * a home may point into: /var/lib/system-manager/gcroots/homes/<user>/
 * <name> -> the generation (src/packages/gc.ts walks the gcroots
 * directory). The order, so that a kill at any point leaves no link into
 * a generation gc could remove:
 * - before the user's activation, the new generation is rooted beside the
 *   ones already rooted, and only those already rooted are offered to it
 *   (`--keep-from`): a link is left only in a generation rooted before the
 *   activation started;
 * - the activation names each generation it left links in (keptLine), and
 *   after it succeeded the roots become the new generation and those;
 * - a failed or killed activation leaves the roots as they were, plus the
 *   new generation (more roots than needed, never fewer).
 * "The same file": both generations' home.json give the entry the same
 * text store path and executable bit (a `text` file's home-files entry
 * holds its text path's bytes), read from the manifests without looking
 * at either entry; for other entries, the same store file: one inode (the
 * store hard-links a file from a store path holding the same bytes), or
 * links with the same text. A text file that is not executable has no
 * home-files entry from home.json version 2 on: its link names its text
 * path in every generation, so it stays without any of this. Links stay only in a generation
 * holding at least an eighth of the home's links (worthKeeping): those a
 * one-file change left in each generation are relinked by the next
 * activation, so the roots, and the manifests each activation reads, stay
 * few. A home activated without `--keep-from` (standalone homes, older
 * engines) relinks everything, as before. Switch then rollback still gives
 * the tree we started with: a link is left only where it already names the
 * same file, and a link the rollback target does not share is relinked.
 */
import { lstatSync, readlinkSync, type Stats } from "node:fs";
import { STORE_DIR } from "../../store/store-path.ts";
import type { RootFs } from "../root-fs.ts";
import { removeTemporaries } from "../temporaries.ts";
import { generationOfLink } from "./home-previous.ts";
import { homeFileLocation, type HomeFile } from "../../build/home-generation.ts";

export const HOME_ROOTS = "/var/lib/system-manager/gcroots/homes";

const GENERATION_NAME = /^[0-9a-z]{32}-home-manager-generation$/;
const USER = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$/;
const KEPT = "Links of unchanged files are left in ";

/** The log line naming a generation links were left in (the store path as the root sees it). */
export function keptLine(generation: string): string {
  return KEPT + generation;
}

/** The generation a keptLine names, or undefined when `line` is no such line. */
export function parseKeptLine(line: string): string | undefined {
  if (!line.startsWith(KEPT)) return undefined;
  const g = line.slice(KEPT.length);
  return g.startsWith(STORE_DIR + "/") && GENERATION_NAME.test(g.slice(STORE_DIR.length + 1)) ? g : undefined;
}

/** Whether `user`'s roots can have a directory of their own (a valid account name). */
export function hasRoots(user: string): boolean {
  return USER.test(user);
}

/** The home generations rooted for `user`'s links (store paths). */
export function homeRoots(fs: RootFs, user: string): string[] {
  if (!hasRoots(user)) return [];
  const dir = `${HOME_ROOTS}/${user}`;
  return fs.readdir(dir).flatMap((n) => {
    if (!GENERATION_NAME.test(n)) return [];
    const e = fs.entry(`${dir}/${n}`);
    return e.kind === "symlink" && e.target === `${STORE_DIR}/${n}` ? [e.target] : [];
  });
}

/** Makes `generations` (store paths) the roots of `user`'s links: missing ones added, others removed. */
export function setHomeRoots(fs: RootFs, user: string, generations: readonly string[]): void {
  if (!hasRoots(user)) return;
  const dir = `${HOME_ROOTS}/${user}`;
  const want = new Map(generations.map((g) => [g.slice(STORE_DIR.length + 1), g]));
  fs.mkdirs(dir);
  const names = fs.readdir(dir);
  removeTemporaries(fs, [...new Set([...names, ...want.keys()])].map((n) => `${dir}/${n}`));
  for (const [name, g] of want) {
    const e = fs.entry(`${dir}/${name}`);
    if (e.kind !== "symlink" || e.target !== g) fs.symlinkAtomic(`${dir}/${name}`, g);
  }
  for (const n of names) if (GENERATION_NAME.test(n) && !want.has(n)) fs.unlink(`${dir}/${n}`);
}

/** A generation keeps its links only while it holds at least this share of the home's links. */
export const KEEP_SHARE = 1 / 8;

/**
 * Of `keepFrom` (store paths), those holding at least KEEP_SHARE of the
 * links in `linkTargets` (as the home's links name generations; `prefix`
 * is what links add before store paths). Links left in the others (a few
 * files each, as one-file changes leave them) are relinked, so their roots
 * go: the generations an activation reads stay few instead of growing
 * with every switch.
 */
export function worthKeeping(keepFrom: readonly string[], linkTargets: readonly string[], prefix: string): string[] {
  const counts = new Map(keepFrom.map((g) => [prefix + g, 0]));
  for (const t of linkTargets) {
    const g = generationOfLink(t);
    const n = g === undefined ? undefined : counts.get(g);
    if (n !== undefined) counts.set(g as string, n + 1);
  }
  return keepFrom.filter((g) => (counts.get(prefix + g) ?? 0) >= linkTargets.length * KEEP_SHARE);
}

/** A generation's file at a target, from its home.json (generations as links name them); undefined when unknown. */
export type FileOf = (generation: string, target: string) => HomeFile | undefined;

/**
 * What planHome's `keep` asks: the generation `linkTarget` (a link at
 * `target`) is in, when it is one of `keepFrom` (store paths as the root
 * sees them), the link names that generation's own entry for `target`,
 * and that entry is the same file as the new generation's (`next`, as
 * links name it; `prefix` is what links add before store paths).
 */
export function keeper(store: RootFs, prefix: string, next: string, keepFrom: readonly string[], fileOf: FileOf): (target: string, linkTarget: string) => string | undefined {
  const kept = new Set(keepFrom.map((p) => prefix + p));
  const inStore = (p: string) => p.slice(prefix.length + STORE_DIR.length);
  return (target, linkTarget) => {
    const g = generationOfLink(linkTarget);
    if (g === undefined || g === next || !kept.has(g) || linkTarget !== `${g}/home-files/${target}`) return undefined;
    const [was, is] = [fileOf(g, target), fileOf(next, target)];
    if (was?.text !== undefined && is?.text !== undefined) return was.text === is.text && was.executable === is.executable ? g : undefined;
    return is !== undefined && sameFile(store, inStore(linkTarget), inStore(homeFileLocation(next, is, prefix))) ? g : undefined;
  };
}

function sameFile(store: RootFs, a: string, b: string): boolean {
  try {
    const [x, y] = [a, b].map((p) => lstatSync(store.hostPath(p))) as [Stats, Stats];
    if (x.isFile() && y.isFile()) return x.dev === y.dev && x.ino === y.ino;
    return x.isSymbolicLink() && y.isSymbolicLink() && readlinkSync(store.hostPath(a)) === readlinkSync(store.hostPath(b));
  } catch {
    return false;
  }
}
