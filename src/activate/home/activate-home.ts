/**
 * A user's home activation, run as that user: read the home generation
 * (its home.json checked for shape), check every target and that every
 * directory it will write in is writable (before the write boundary
 * nothing in $HOME changes), register the generation, then run the
 * activation steps in order — removing stale links of every generation
 * that may have left some (see home-previous.ts), linking the new files
 * (leaving those unchanged in an older generation the system keeps:
 * home-roots.ts),
 * running onChange hooks and the user's own steps in the home with a
 * usable $HOME, switching the user's systemd units (user-units.ts) — and
 * finally make the generation current in
 * ~/.local/state/nix/profiles/home-manager. A failure part-way leaves a
 * state the next activation converges from. File operations happen
 * in-process; no process is started per file.
 */
import { posix } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { homeManifestProblem, type HomeFile, type HomeManifest } from "../../build/home-generation.ts";
import { FAULT_REASONS } from "../../cli/render-error.ts";
import { RootFs } from "../root-fs.ts";
import { sha256, type Observed } from "../observe.ts";
import { generationLink, listGenerations, setCurrentGeneration, nextGeneration } from "../generations.ts";
import { collisionMessage, isOurLink, planHome, type HomePlan } from "./home-plan.ts";
import { checkHome, inHome, unwritableDirs } from "./home-preflight.ts";
import { previousGenerations } from "./home-previous.ts";
import { ancestorsOf, linkGeneration, removeStaleTemporaries, runShell } from "./home-steps.ts";
import { scriptHome } from "./script-home.ts";
import { lookTargets, tryEntry } from "./look-targets.ts";
import { keeper, keptLine, worthKeeping, type FileOf } from "./home-roots.ts";
import { reloadSystemd } from "./user-units.ts";
import type { RunCommandSync } from "./run-command-sync.ts";
import { HOME_PROFILE, homeProfile } from "./home-profile.ts";
import type { ShellRunner } from "./store-view.ts";

export { HOME_PROFILE };

export interface HomeActivation {
  /** The store directory and the home directory as this process reaches them (for a --root tree, open descriptors). */
  readonly storeDir: string;
  readonly homeDir: string;
  /** The home generation's store path, as the root sees it. */
  readonly generation: string;
  readonly backupExtension: string | null;
  /** Prefix of store paths in links (standalone homes keep their store under their own directory). */
  readonly linkPrefix?: string;
  /** Make this existing profile generation current (rollback), instead of the next one. */
  readonly generationNumber?: number;
  /** This process's uid, checked against the generation's; undefined skips the check (in-process tests). */
  readonly uid: number | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
  /** Opens a directory's filesystem (the store's and the home's); tests inject one that is killed at a chosen write. */
  readonly openFs?: (dir: string) => RootFs;
  /** Runs `systemctl --user` for reloadSystemd (user-units.ts); tests inject a fake. */
  readonly systemctl?: RunCommandSync;
  /** Runs the activation scripts and onChange hooks (a standalone home's see its store: store-view.ts); bash by default. */
  readonly runShell?: ShellRunner;
  /** Older generations (as the root sees them) kept in the store while links point into them: see home-roots.ts. */
  readonly keepFrom?: readonly string[];
}

/** Store paths (as the target sees them) read through a RootFs rooted at the store directory. */
const inStore = (storePath: string) => storePath.slice(STORE_DIR.length);

export function readHomeManifest(store: RootFs, generation: string): HomeManifest {
  if (!generation.startsWith(STORE_DIR + "/")) throw new UserError(`Cannot activate ${generation}: it is not in the store`);
  const data = store.readFileIfExists(`${inStore(generation)}/home.json`);
  if (data === undefined) throw new UserError(`Cannot activate ${generation}: it is not a home generation (no home.json)`);
  let m: unknown;
  try {
    m = JSON.parse(data.toString("utf8"));
  } catch (e) {
    throw new UserError(`Cannot activate ${generation}: its home.json is not valid JSON (${(e as Error).message})`);
  }
  const problem = homeManifestProblem(m);
  if (problem !== undefined) throw new UserError(`Cannot activate ${generation}: its home.json is not a home manifest: ${problem}`);
  return m as HomeManifest;
}

export function activateHome(a: HomeActivation): HomePlan {
  const open = a.openFs ?? ((dir: string) => new RootFs(dir));
  const store = open(a.storeDir);
  const m = readHomeManifest(store, a.generation);
  if (m.uid !== null && a.uid !== undefined && m.uid !== a.uid) throw new UserError(`Cannot activate the home of ${m.username}: running as uid ${a.uid}, expected ${m.uid}`);
  try {
    return activateIn(a, store, open(a.homeDir), m);
  } catch (e) {
    throw inHome(e, a.homeDir, m.homeDirectory);
  }
}

function activateIn(a: HomeActivation, store: RootFs, home: RootFs, m: HomeManifest): HomePlan {
  checkHome(home, m.homeDirectory, m.username);
  const scripts = scriptHome(a.homeDir, a.env.HOME);
  // Links on the way to the profile are followed from a path to the home, not from a descriptor's (home-profile.ts).
  const owners = [process.geteuid?.() ?? 0, ...(m.uid === null ? [] : [m.uid])];
  const prof = homeProfile("/", scripts.note === undefined ? scripts.path : undefined, owners, home, m.homeDirectory, a.openFs);
  const gens = listGenerations(prof.fs, () => 0, prof.profile);
  const current = gens.find((g) => g.current);
  const prefix = a.linkPrefix ?? "";
  const next = prefix + a.generation;
  // Each target is looked at once (a directory at a time: look-targets.ts): what is not a file (whose content is read below) is reused by `seen`.
  const looked = new Map<string, Observed>();
  const linkTargets: string[] = [];
  for (const [target, o] of lookTargets(home, m.files.map((f) => f.target))) {
    if (o !== undefined && o.kind !== "file") looked.set(target, o);
    if (o?.kind === "symlink") linkTargets.push(o.target);
  }
  const previous = previousGenerations(gens, linkTargets, next).filter((p) => p.startsWith(prefix + STORE_DIR + "/"));
  // A generation only kept links are in (home-roots.ts) has the files of its own that are still linked into it, not the ones a later switch removed.
  const wanted = new Set(m.files.map((f) => f.target));
  const fromProfile = new Set(previousGenerations(gens, [], next));
  const keptOnly = new Set((a.keepFrom ?? []).map((p) => prefix + p).filter((p) => !fromProfile.has(p)));
  const stillLinked = (p: string, t: string) => wanted.has(t) || ((o) => o.kind === "symlink" && o.target === `${p}/home-files/${t}`)(safeEntry(home, t));
  // Each generation's home.json is read and checked once (cleanup and reloadSystemd both read the previous ones).
  const manifests = new Map<string, HomeManifest | undefined>([[a.generation, m]]);
  const manifestOf = (path: string) => (manifests.has(path) ? manifests.get(path) : manifests.set(path, tryManifest(store, path)).get(path));
  const oldFiles = new Map<string, HomeFile>();
  for (const p of previous) {
    for (const f of manifestOf(p.slice(prefix.length))?.files ?? []) if (!oldFiles.has(f.target) && (!keptOnly.has(p) || stillLinked(p, f.target))) oldFiles.set(f.target, f);
  }

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
    linkTo: (t) => `${next}/home-files/${t}`,
    oldFiles: [...oldFiles.values()],
    seen,
    newHash: (t) => storeHash(store, prefix, `${next}/home-files/${t}`),
    currentHashes: (t) => {
      const o = seen(t);
      if (o.kind === "file") return [o.sha256];
      if (o.kind !== "symlink") return [undefined];
      // With no current generation (a first activation was killed), no activation is known to have left this link.
      const completed = current?.storePath;
      const here = storeHash(store, prefix, o.target);
      if (completed === undefined) return isOurLink(o) ? [here, undefined] : [here];
      return o.target.startsWith(`${completed}/home-files/`) ? [here] : [here, storeHash(store, prefix, `${completed}/home-files/${t}`)];
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
    keep: keepIn.length === 0 ? undefined : keeper(store, prefix, next, keepIn, filesOf(manifestOf, prefix)),
  });
  const writes = [...(prof.fs === home ? [PROFILE_DIR] : []), ...plan.steps.flatMap((s) => (s.op === "remove" || s.op === "backup" || s.op === "link" ? [parentOf(s.target)] : []))];
  const profileDirs = prof.fs === home ? [] : unwritableDirs(prof.fs, prof.shown, [prof.profile.dir.slice(1)]);
  const unwritable = [...faults.values(), ...profileDirs, ...unwritableDirs(home, m.homeDirectory, writes, new Set(plan.steps.flatMap((s) => (s.op === "remove" ? [s.target] : []))))];
  if (unwritable.length > 0) throw new UserError(`Cannot activate the home of ${m.username}; nothing was changed:\n${unwritable.join("\n")}`);
  if (plan.collisions.length > 0) throw new UserError(collisionMessage(plan.collisions));
  const number = a.generationNumber ?? nextGeneration(gens, next).number;
  const link = generationLink(prof.profile, number);
  const registered = prof.fs.entry(link);
  if (registered.kind !== "absent" && (registered.kind !== "symlink" || registered.target !== next)) {
    throw new UserError(`Cannot register generation ${number}: ${prof.shown}${link} already exists and points elsewhere`);
  }
  for (const w of plan.warnings) a.log(w);

  // The write boundary. What a killed activation left half written goes first (links being replaced, a generation link being made).
  const last = gens[gens.length - 1]?.number ?? 0;
  const profileLinks = [`${prof.profile.dir}/${prof.profile.name}`, ...[...gens.map((g) => g.number), last + 1, number].map((n) => generationLink(prof.profile, n))];
  removeStaleTemporaries(prof.fs, profileLinks);
  removeStaleTemporaries(home, [...m.files, ...oldFiles.values()].map((f) => "/" + f.target));
  // The generation is registered first, so that if what follows fails, the next activation removes its links too.
  if (registered.kind === "absent") {
    prof.fs.mkdirs(prof.profile.dir);
    prof.fs.symlinkAtomic(link, next);
  }
  const cwd = scripts.path;
  const hasScripts = m.activation.some((s) => !s.builtin && s.data.trim() !== "") || m.files.some((f) => f.onChange !== "" && plan.changed.has(f.target));
  if (hasScripts && scripts.note !== undefined) a.log(`note: activation scripts run with HOME=${cwd}: ${scripts.note}`);
  const env = { ...a.env, HOME: cwd, newGenPath: a.generation, oldGenPath: current?.storePath ?? previous[0] ?? "" };
  const run = a.runShell ?? runShell;
  for (const step of m.activation) {
    a.log(`Activating ${step.name}`);
    if (step.name === "linkGeneration" && step.builtin) linkGeneration(home, plan, a.log);
    else if (step.name === "onFilesChange" && step.builtin) {
      for (const f of m.files) if (f.onChange !== "" && plan.changed.has(f.target)) run(f.onChange, env, cwd, `onChange of ${f.target}`);
    } else if (step.name === "reloadSystemd" && step.builtin) {
      // The current generation (even when it is the new one: nothing changed), then those whose links may be in the home.
      const olds = [...new Set([env.oldGenPath, ...previous])].filter((p) => p !== "").map((p) => p.slice(prefix.length));
      const old = olds.flatMap((path) => [manifestOf(path)].flatMap((o) => (o === undefined ? [] : [{ path, files: o.files }])));
      reloadSystemd({ store, old, next: { path: a.generation, files: m.files }, homeDir: a.homeDir, homeDirectory: m.homeDirectory, run: a.systemctl, env: a.env, log: a.log });
    } else if (!step.builtin && step.data.trim() !== "") run(step.data, env, cwd, `activation step ${step.name}`);
  }
  setCurrentGeneration(prof.fs, number, next, prof.profile);
  for (const g of plan.keptIn) a.log(keptLine(g.slice(prefix.length)));
  return plan;
}

const PROFILE_DIR = HOME_PROFILE.dir.slice(1);
const parentOf = (target: string) => (target.includes("/") ? posix.dirname(target) : "");

function safeEntry(fs: RootFs, target: string): Observed {
  return tryEntry(fs, target) ?? { kind: "absent" };
}

/** The content hash of the store file at `path` (a link target in the home), or undefined when it is none. */
function storeHash(store: RootFs, prefix: string, path: string): string | undefined {
  if (!path.startsWith(prefix + STORE_DIR + "/")) return undefined;
  try {
    const p = inStore(path.slice(prefix.length));
    return store.entry(p).kind === "file" ? sha256(store.readFile(p)) : undefined;
  } catch {
    return undefined;
  }
}

/** A generation's files by target, from its manifest (read through `manifestOf`, by store path), each generation's indexed once. */
function filesOf(manifestOf: (path: string) => HomeManifest | undefined, prefix: string): FileOf {
  const indexed = new Map<string, Map<string, HomeFile>>();
  return (generation, target) => {
    let files = indexed.get(generation);
    if (files === undefined) indexed.set(generation, (files = new Map((manifestOf(generation.slice(prefix.length))?.files ?? []).map((f) => [f.target, f]))));
    return files.get(target);
  };
}

function tryManifest(fs: RootFs, path: string): HomeManifest | undefined {
  try {
    return readHomeManifest(fs, path);
  } catch {
    return undefined;
  }
}
