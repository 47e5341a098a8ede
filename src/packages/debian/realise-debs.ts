/**
 * Realises the store paths of .debs: download what is missing (several
 * at once, fetch.ts), hash each against the lock once, unpack each into a
 * temporary directory in the store (`dpkg-deb -R`: files plus control
 * data, never running a maintainer script) as soon as it is there (cached
 * ones at once, the others while the rest download), several at a time
 * (parallelism.ts), dpkg-deb and patchelf started by small shells rather
 * than by forking this process each time (launcher.ts),
 * then re-target symlinks, patch ELF files, record references, normalise,
 * rename. Paths that exist are skipped without reading their .deb: a
 * second build of the same packages downloads and unpacks nothing. The
 * pinned patchelf's closure is realised in the same batch as the first
 * paths made (its libc6 and libstdc++6 are often theirs too, and are
 * patched like them), and patchelf runs from private copies of it
 * (patchelf.ts). Each .deb is downloaded from the archive of the release
 * its package was taken from.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { LockedDeb, LockedTool } from "../lock.ts";
import type { Progress } from "../progress.ts";
import { Parallel } from "../parallel.ts";
import { Launcher } from "../launcher.ts";
import { tail } from "../run.ts";
import { StagedPath } from "../staged-path.ts";
import { keptInStore } from "../../store/write-store-path.ts";
import type { AptRoot } from "./apt-root.ts";
import { debClosure, debStorePath, type DebianPins } from "./closure.ts";
import { ClosureView, indexTree, META_DIR, type EntryKind, type Member } from "./closure-view.ts";
import { cachedDebPath, fetchDebs } from "./fetch.ts";
import { verifyDeb } from "./verify-deb.ts";
import { parallelism, type Parallelism } from "./parallelism.ts";
import { planPatches } from "./patch-elf.ts";
import { runPatches } from "./run-patches.ts";
import { locatePatchelf, patchelfRunner } from "./patchelf.ts";
import { retargetSymlinks } from "./symlinks.ts";

export interface DebRealisation {
  readonly downloaded: number;
  readonly unpacked: number;
}

export interface RealiseDebsOptions {
  readonly root: string;
  readonly arch: string;
  readonly pins: DebianPins;
  /** The pinned patchelf (`pins.patchelf` is its closure). */
  readonly patchelf: LockedTool;
  /** The archive to download a .deb (by key) from. */
  readonly apt: (key: string) => AptRoot;
  readonly progress: Progress;
  /** How much runs at once (default: parallelism()); the results do not depend on it. */
  readonly parallelism?: Partial<Parallelism>;
}

/** Unpacks `d` from the cache, hashing it first unless it was `verified` as it was downloaded. */
async function unpack(root: string, d: LockedDeb, staged: StagedPath, verified: ReadonlySet<string>, launcher: Launcher): Promise<void> {
  const file = cachedDebPath(root, d);
  if (!verified.has(file)) await verifyDeb(file, d);
  const r = await launcher.run("dpkg-deb", ["-R", file, staged.dir]);
  if (r.status !== 0) throw new UserError(`Cannot unpack ${d.name} ${d.version} (${file}):\n${tail(r)}`);
  mkdirSync(join(staged.dir, META_DIR));
  renameSync(join(staged.dir, "DEBIAN"), join(staged.dir, META_DIR, "DEBIAN"));
}

/** Makes sure the store paths of `keys` exist. */
export async function realiseDebs(keys: readonly string[], o: RealiseDebsOptions): Promise<DebRealisation> {
  const debs = o.pins.debs;
  const missing = (ks: readonly string[]) => ks.filter((k) => !keptInStore(o.root, debStorePath(k, o.pins)));
  const wanted = missing([...new Set(keys)]);
  if (wanted.length === 0) return { downloaded: 0, unpacked: 0 };
  const need = [...new Set([...wanted, ...missing(o.patchelf.closure)])].sort();
  const at = parallelism(o.parallelism);
  const verified = new Set<string>();
  const staged = new Map<string, StagedPath>();
  const committed = new Set<string>();
  const indexed = new Map<string, Map<string, EntryKind>>();
  const cached = need.filter((k) => existsSync(cachedDebPath(o.root, debs[k] as LockedDeb)));
  const launcher = new Launcher(Math.max(at.unpack, at.patch));
  try {
    const task = o.progress.task(`unpacking ${need.length} package${need.length === 1 ? "" : "s"}`, need.length);
    for (const k of need) staged.set(k, new StagedPath(o.root, debStorePath(k, o.pins)));
    // Each .deb is unpacked (and indexed) as soon as it is in the cache and verified, while the others download,
    // the largest waiting first (so that a big one does not finish alone).
    const unpacking = new Parallel(at.unpack);
    const start = (k: string) =>
      unpacking.add(async () => {
        const stage = staged.get(k) as StagedPath;
        await unpack(o.root, debs[k] as LockedDeb, stage, verified, launcher);
        indexed.set(k, indexTree(stage.dir));
        task.step((debs[k] as LockedDeb).name);
      }, (debs[k] as LockedDeb).size);
    for (const k of [...cached].sort((a, b) => (debs[b] as LockedDeb).size - (debs[a] as LockedDeb).size || (a < b ? -1 : 1))) start(k);
    const keyOf = new Map(need.map((k) => [debs[k] as LockedDeb, k]));
    const onVerified = (d: LockedDeb, file: string) => {
      verified.add(file);
      start(keyOf.get(d) as string);
    };
    const fetching = need.filter((k) => !cached.includes(k)).map((k) => ({ deb: debs[k] as LockedDeb, apt: o.apt(k) }));
    try {
      await fetchDebs(o.root, fetching, o.progress, { parallel: at.download, onVerified });
    } catch (e) {
      unpacking.cancel();
      await unpacking.settled();
      throw e;
    }
    await unpacking.done();
    const members = new Map<string, Member>();
    const member = (k: string): Member => {
      let m = members.get(k);
      if (m === undefined) {
        const storePath = debStorePath(k, o.pins);
        const dir = staged.get(k)?.dir ?? join(o.root, storePath);
        if (!existsSync(dir)) throw new Error(`store path ${storePath} of ${k} is missing while realising its dependents`);
        m = { key: k, name: (debs[k] as LockedDeb).name, storePath, dir, entries: indexed.get(k) ?? indexTree(dir) };
        members.set(k, m);
      }
      return m;
    };
    const views = need.map((k) => new ClosureView(member(k), debClosure(k, debs).map(member)));
    for (const view of views) retargetSymlinks(view);
    // Planned once every link is re-targeted; run together, as patchelf calls are independent.
    const jobs = views.flatMap((view) => planPatches(view, o.arch, debs[view.self.key] as LockedDeb));
    if (jobs.length > 0) {
      // Located (and copied) before anything is patched: its own libraries are among the jobs.
      const tool = new ClosureView(member(o.patchelf.deb), debClosure(o.patchelf.deb, debs).map(member));
      const label = `patchelf ${o.patchelf.version} (pinned in system-manager.lock)`;
      const patchelf = patchelfRunner(locatePatchelf(tool, o.arch, label), o.root, label, launcher);
      try {
        await runPatches(jobs, patchelf, at.patch, at.patchBatch);
      } finally {
        patchelf.dispose();
      }
    }
    for (const view of views) {
      const d = debs[view.self.key] as LockedDeb;
      const references = debClosure(view.self.key, debs).filter((c) => c !== view.self.key).map((c) => debStorePath(c, o.pins));
      const info = { name: d.name, version: d.version, arch: d.arch, sha256: d.sha256, references };
      writeFileSync(join(view.self.dir, META_DIR, "info.json"), JSON.stringify(info, null, 2) + "\n");
    }
    for (const k of need) {
      (staged.get(k) as StagedPath).commit();
      committed.add(k);
    }
    task.done();
  } finally {
    launcher.close();
    for (const [k, s] of staged) if (!committed.has(k)) s.abort();
  }
  return { downloaded: need.length - cached.length, unpacked: need.length };
}
