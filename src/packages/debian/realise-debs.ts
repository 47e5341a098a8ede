/**
 * Realises the store paths of .debs: download what is missing, re-hash,
 * unpack each into a temporary directory in the store (`dpkg-deb -R`:
 * files plus control data, never running a maintainer script), re-target
 * symlinks, patch ELF files, record references, normalise, rename. Paths
 * that exist are skipped without reading their .deb: a second build of the
 * same packages downloads and unpacks nothing.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { LockedDeb } from "../lock.ts";
import type { Progress } from "../progress.ts";
import { inParallel, run, tail } from "../run.ts";
import { StagedPath } from "../staged-path.ts";
import type { AptRoot } from "./apt-root.ts";
import { debClosure, debStorePath, type Debs } from "./closure.ts";
import { ClosureView, indexTree, META_DIR, type Member } from "./closure-view.ts";
import { cachedDebPath, fetchDebs, verifyDeb } from "./fetch.ts";
import { planPatches, runPatches } from "./patch-elf.ts";
import { retargetSymlinks } from "./symlinks.ts";

export interface DebRealisation {
  readonly downloaded: number;
  readonly unpacked: number;
}

export interface RealiseDebsOptions {
  readonly root: string;
  readonly arch: string;
  readonly debs: Debs;
  readonly apt: () => AptRoot;
  readonly progress: Progress;
}

async function unpack(root: string, d: LockedDeb, staged: StagedPath): Promise<void> {
  const file = cachedDebPath(root, d);
  await verifyDeb(file, d);
  const r = await run("dpkg-deb", ["-R", file, staged.dir]);
  if (r.status !== 0) throw new UserError(`Cannot unpack ${d.name} ${d.version} (${file}):\n${tail(r)}`);
  mkdirSync(join(staged.dir, META_DIR));
  renameSync(join(staged.dir, "DEBIAN"), join(staged.dir, META_DIR, "DEBIAN"));
}

/** Makes sure the store paths of `keys` exist. */
export async function realiseDebs(keys: readonly string[], o: RealiseDebsOptions): Promise<DebRealisation> {
  const need = [...new Set(keys)].filter((k) => !existsSync(join(o.root, debStorePath(k, o.debs)))).sort();
  if (need.length === 0) return { downloaded: 0, unpacked: 0 };
  const downloaded = await fetchDebs(o.root, o.apt, need.map((k) => o.debs[k] as LockedDeb), o.progress);
  const staged = new Map<string, StagedPath>();
  const committed = new Set<string>();
  try {
    const task = o.progress.task(`unpacking ${need.length} package${need.length === 1 ? "" : "s"}`, need.length);
    for (const k of need) staged.set(k, new StagedPath(o.root, debStorePath(k, o.debs)));
    await inParallel(need, 2, async (k) => {
      await unpack(o.root, o.debs[k] as LockedDeb, staged.get(k) as StagedPath);
      task.step((o.debs[k] as LockedDeb).name);
    });
    const members = new Map<string, Member>();
    const member = (k: string): Member => {
      let m = members.get(k);
      if (m === undefined) {
        const storePath = debStorePath(k, o.debs);
        const dir = staged.get(k)?.dir ?? join(o.root, storePath);
        if (!existsSync(dir)) throw new Error(`store path ${storePath} of ${k} is missing while realising its dependents`);
        m = { key: k, name: (o.debs[k] as LockedDeb).name, storePath, dir, entries: indexTree(dir) };
        members.set(k, m);
      }
      return m;
    };
    const views = need.map((k) => new ClosureView(member(k), debClosure(k, o.debs).map(member)));
    for (const view of views) retargetSymlinks(view);
    // Planned once every link is re-targeted; run together, as patchelf calls are independent.
    const jobs = views.flatMap((view) => planPatches(view, o.arch, (o.debs[view.self.key] as LockedDeb).version));
    await runPatches(jobs);
    for (const view of views) {
      const d = o.debs[view.self.key] as LockedDeb;
      const references = debClosure(view.self.key, o.debs).filter((c) => c !== view.self.key).map((c) => debStorePath(c, o.debs));
      const info = { name: d.name, version: d.version, arch: d.arch, sha256: d.sha256, references };
      writeFileSync(join(view.self.dir, META_DIR, "info.json"), JSON.stringify(info, null, 2) + "\n");
    }
    for (const k of need) {
      (staged.get(k) as StagedPath).commit();
      committed.add(k);
    }
    task.done();
  } finally {
    for (const [k, s] of staged) if (!committed.has(k)) s.abort();
  }
  return { downloaded, unpacked: need.length };
}
