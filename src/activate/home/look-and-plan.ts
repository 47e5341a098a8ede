/**
 * The look and the plan of a home activation (before its write boundary):
 * every target of the new generation looked at once (a directory at a
 * time, or from the link record: look-targets.ts), the previous
 * generations whose links may be in the home and their files, then
 * planHome's decisions. recordHolds tells whether what the record
 * answered for a target about to be written is still there (else the
 * activation plans again from a full look: link-record.ts).
 */
import { STORE_DIR } from "../../store/store-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { homeFileLocation, type HomeFile, type HomeManifest } from "../../build/home-generation.ts";
import { FAULT_REASONS } from "../../cli/render-error.ts";
import type { RootFs } from "../root-fs.ts";
import { sha256, type Observed } from "../observe.ts";
import type { Generation } from "../generations.ts";
import { isOurLink, planHome, type HomePlan } from "./home-plan.ts";
import { inHome } from "./home-preflight.ts";
import { previousGenerations } from "./home-previous.ts";
import { ancestorsOf } from "./home-steps.ts";
import { LIST_FROM, lookTargets, tryEntry, type Looked } from "./look-targets.ts";
import { keeper, worthKeeping } from "./home-roots.ts";
import { filesOf, storeHash, tryManifest } from "./generation-reader.ts";
import type { LinkRecord } from "./link-record.ts";

export interface LookInput {
  readonly a: { readonly homeDir: string; readonly generation: string; readonly backupExtension: string | null; readonly keepFrom?: readonly string[] };
  readonly store: RootFs;
  readonly home: RootFs;
  readonly m: HomeManifest;
  readonly gens: readonly Generation[];
  readonly current: Generation | undefined;
  /** What links add before store paths, and the new generation as links name it. */
  readonly prefix: string;
  readonly next: string;
}

export interface Planned {
  readonly plan: HomePlan;
  readonly previous: readonly string[];
  readonly oldFiles: ReadonlyMap<string, HomeFile>;
  readonly manifestOf: (path: string) => HomeManifest | undefined;
  /** Targets that could not be looked at for a fault of the system (reported with the unwritable directories). */
  readonly faults: ReadonlyMap<string, string>;
  /** What each target that is no file was seen to be. */
  readonly looked: ReadonlyMap<string, Observed>;
  readonly used: Looked;
}

export function lookAndPlan({ a, store, home, m, gens, current, prefix, next }: LookInput, record: LinkRecord | undefined): Planned {
  // Each target is looked at once (a directory at a time: look-targets.ts): what is not a file (whose content is read below) is reused by `seen`.
  const looked = new Map<string, Observed>();
  const linkTargets: string[] = [];
  const used: Looked = { dirs: new Map(), fromRecord: new Set() };
  for (const [target, o] of lookTargets(home, m.files.map((f) => f.target), LIST_FROM, record, used)) {
    if (o !== undefined && o.kind !== "file") looked.set(target, o);
    if (o?.kind === "symlink") linkTargets.push(o.target);
  }
  // The generations offered to keep links in come last: they are rooted while links may be in them (the last completed activation's among them), so a home whose profile was deleted still finds the links no link target names a generation for (a text file's, linked straight to its text path).
  const offered = (a.keepFrom ?? []).map((p) => prefix + p).filter((p) => p !== next);
  const previous = [...new Set([...previousGenerations(gens, linkTargets, next), ...offered])].filter((p) => p.startsWith(prefix + STORE_DIR + "/"));
  // A generation only kept links are in (home-roots.ts) has the files of its own that are still linked into it, not the ones a later switch removed.
  const wanted = new Set(m.files.map((f) => f.target));
  const fromProfile = new Set(previousGenerations(gens, [], next));
  const keptOnly = new Set(offered.filter((p) => !fromProfile.has(p)));
  const stillLinked = (p: string, f: HomeFile) => wanted.has(f.target) || ((o) => o.kind === "symlink" && o.target === homeFileLocation(p, f, prefix))(safeEntry(home, f.target));
  // Each generation's home.json is read and checked once (cleanup and reloadSystemd both read the previous ones).
  const manifests = new Map<string, HomeManifest | undefined>([[a.generation, m]]);
  const manifestOf = (path: string) => (manifests.has(path) ? manifests.get(path) : manifests.set(path, tryManifest(store, path)).get(path));
  const oldFiles = new Map<string, HomeFile>();
  for (const p of previous) {
    for (const f of manifestOf(p.slice(prefix.length))?.files ?? []) if (!oldFiles.has(f.target) && (!keptOnly.has(p) || stillLinked(p, f))) oldFiles.set(f.target, f);
  }
  const fileOf = filesOf(manifestOf, prefix);
  const newFiles = new Map(m.files.map((f) => [f.target, f]));
  const location = (t: string) => homeFileLocation(next, newFiles.get(t) as HomeFile, prefix);

  // Links stay only in generations holding many of them; the few left elsewhere are relinked (home-roots.ts).
  const keepIn = worthKeeping(a.keepFrom ?? [], linkTargets, prefix);
  const seenCache = new Map<string, Observed>();
  const lookErrors = new Map<string, string>();
  const faults = new Map<string, string>();
  const seen = (target: string): Observed => {
    let o = seenCache.get(target) ?? looked.get(target);
    if (o !== undefined) return o;
    try {
      const e = home.entry("/" + target);
      o = e.kind === "file" ? { ...e, sha256: sha256(home.readFile("/" + target)) } : e;
    } catch (err) {
      const fault = err instanceof UserError ? undefined : (inHome(err, a.homeDir, m.homeDirectory) as NodeJS.ErrnoException);
      if (fault !== undefined && fault.code === undefined) throw err;
      // Under a directory link of the previous generation, which cleanup removes first, the path is free.
      const underOld = ancestorsOf(target).some((p) => oldFiles.has(p) && isOurLink(safeEntry(home, p)));
      const why = fault !== undefined ? (FAULT_REASONS[fault.code ?? ""] ?? fault.message) : (err as Error).message.replace(/^Cannot manage '[^']*': /, "");
      if (!underOld) (fault !== undefined ? faults : lookErrors).set(target, `Cannot manage '${m.homeDirectory}/${target}': ${why}`);
      o = { kind: "absent" };
    }
    seenCache.set(target, o);
    return o;
  };
  for (const f of m.files) seen(f.target);
  const plan = planHome({
    files: m.files,
    linkTo: location,
    oldFiles: [...oldFiles.values()],
    seen,
    newHash: (t) => storeHash(store, prefix, location(t)),
    currentHashes: (t) => {
      const o = seen(t);
      if (o.kind === "file") return [o.sha256];
      if (o.kind !== "symlink") return [undefined];
      // With no current generation (a first activation was killed), no activation is known to have left this link.
      const completed = current?.storePath;
      const here = storeHash(store, prefix, o.target);
      if (completed === undefined) return isOurLink(o) ? [here, undefined] : [here];
      const was = fileOf(completed, t);
      const left = was === undefined ? `${completed}/home-files/${t}` : homeFileLocation(completed, was, prefix);
      return o.target === left || o.target.startsWith(`${completed}/home-files/`) ? [here] : [here, storeHash(store, prefix, left)];
    },
    list: (dir) => {
      try {
        return home.readdir("/" + dir);
      } catch {
        return undefined;
      }
    },
    lookErrors,
    backupExtension: a.backupExtension,
    home: m.homeDirectory,
    keep: keepIn.length === 0 ? undefined : keeper(store, prefix, next, keepIn, fileOf),
  });
  return { plan, previous, oldFiles, manifestOf, faults, looked, used };
}

/** Whether every target answered from the record that the plan writes (links, replaces, backs up) is still what the record said. */
export function recordHolds(home: RootFs, p: Planned): boolean {
  for (const s of p.plan.steps) {
    if ((s.op !== "link" && s.op !== "backup") || !p.used.fromRecord.has(s.target)) continue;
    const was = p.looked.get(s.target) ?? { kind: "absent" };
    const is = tryEntry(home, s.target) ?? { kind: "absent" };
    if (is.kind !== was.kind || (is.kind === "symlink" && was.kind === "symlink" && is.target !== was.target)) return false;
  }
  return true;
}

function safeEntry(fs: RootFs, target: string): Observed {
  return tryEntry(fs, target) ?? { kind: "absent" };
}
