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
import { UserError } from "../../diagnostics/user-error.ts";
import type { HomeManifest } from "../../build/home-generation.ts";
import { readHomeManifest } from "./generation-reader.ts";
import { RootFs } from "../root-fs.ts";
import { generationLink, listGenerations, setCurrentGeneration, nextGeneration } from "../generations.ts";
import { collisionMessage, type HomePlan } from "./home-plan.ts";
import { checkHome, inHome, unwritableDirs } from "./home-preflight.ts";
import { linkGeneration, removeStaleTemporaries, runShell } from "./home-steps.ts";
import { scriptHome } from "./script-home.ts";
import { dirOf } from "../temporaries.ts";
import { keptLine } from "./home-roots.ts";
import { lookAndPlan, recordHolds, type Planned } from "./look-and-plan.ts";
import { LINK_RECORD, readLinkRecord, writeLinkRecord } from "./link-record.ts";
import { reloadSystemd } from "./user-units.ts";
import type { RunCommandSync } from "./run-command-sync.ts";
import { HOME_PROFILE, homeProfile } from "./home-profile.ts";
import type { ShellRunner } from "./store-view.ts";
import { withActivationHelpers } from "./activation-helpers.ts";
import { backupExtension } from "../../home/backup-extension.ts";

export { HOME_PROFILE, readHomeManifest };

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
  /** `home-manager -v`: VERBOSE for the scripts, and the activation's variables and each link made or removed told, as home-manager's activation tells them. */
  readonly verbose?: boolean;
}

export function activateHome(a0: HomeActivation): HomePlan {
  const a = { ...a0, backupExtension: backupExtension(a0.backupExtension) };
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
  // Planned from the link record where it holds (link-record.ts); planned again from a full look when a target it answered, and which is to be written, differs.
  const record = readLinkRecord(home);
  const look = { a, store, home, m, gens, current, prefix, next };
  let planned = lookAndPlan(look, record);
  if (!recordHolds(home, planned)) planned = lookAndPlan(look, undefined);
  const { plan, previous, manifestOf, oldFiles, faults } = planned;
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
  // A directory answered from the link record is unchanged since the last activation finished: no killed write left a temporary there.
  const unchanged = new Set([...planned.used.fromRecord].map((t) => dirOf("/" + t)));
  removeStaleTemporaries(home, [LINK_RECORD, ...[...m.files, ...oldFiles.values()].map((f) => "/" + f.target).filter((p) => !unchanged.has(dirOf(p)))]);
  // The generation is registered first, so that if what follows fails, the next activation removes its links too.
  if (registered.kind === "absent") {
    prof.fs.mkdirs(prof.profile.dir);
    prof.fs.symlinkAtomic(link, next);
  }
  const cwd = scripts.path;
  const hasScripts = m.activation.some((s) => !s.builtin && s.data.trim() !== "") || m.files.some((f) => f.onChange !== "" && plan.changed.has(f.target));
  if (hasScripts && scripts.note !== undefined) a.log(`note: activation scripts run with HOME=${cwd}: ${scripts.note}`);
  const env = { ...a.env, ...(a.verbose === true ? { VERBOSE: "1" } : {}), HOME: cwd, newGenPath: a.generation, oldGenPath: current?.storePath ?? previous[0] ?? "" };
  if (a.verbose === true) tellVariables(a.log, env.oldGenPath, next, `${prof.shown}${prof.profile.dir}/${prof.profile.name}`);
  const shell = a.runShell ?? runShell;
  // Each snippet runs by itself with home-manager's helpers (run, verboseEcho, …) defined first, as its activate script has them.
  const run: typeof shell = (script, ...rest) => shell(withActivationHelpers(script), ...rest);
  let linked = false;
  for (const step of m.activation) {
    a.log(`Activating ${step.name}`);
    if (step.name === "linkGeneration" && step.builtin) {
      linkGeneration(home, plan, a.log, a.verbose === true ? m.homeDirectory : undefined);
      linked = true;
    }
    else if (step.name === "onFilesChange" && step.builtin) {
      for (const f of m.files) if (f.onChange !== "" && plan.changed.has(f.target)) run(f.onChange, env, cwd, `onChange of ${f.target}`);
    } else if (step.name === "reloadSystemd" && step.builtin) {
      // The current generation (even when it is the new one: nothing changed), then those whose links may be in the home.
      const olds = [...new Set([env.oldGenPath, ...previous])].filter((p) => p !== "").map((p) => p.slice(prefix.length));
      const old = olds.flatMap((path) => [manifestOf(path)].flatMap((o) => (o === undefined ? [] : [{ path, files: o.files }])));
      reloadSystemd({ store, old, next: { path: a.generation, files: m.files }, homeDir: a.homeDir, homeDirectory: m.homeDirectory, run: a.systemctl, env: a.env, log: a.log });
    } else if (!step.builtin && step.data.trim() !== "") run(step.data, env, cwd, `activation step ${step.name}`);
  }
  if (linked) recordLinks(home, planned);
  setCurrentGeneration(prof.fs, number, next, prof.profile);
  for (const g of plan.keptIn) a.log(keptLine(g.slice(prefix.length)));
  return plan;
}

/** What home-manager's activation says first with VERBOSE (activation-init.sh). */
function tellVariables(log: (l: string) => void, oldGenPath: string, newGenPath: string, genProfilePath: string): void {
  log("This is a live run");
  log("Activation variables:");
  log(oldGenPath === "" ? "  oldGenPath undefined (first run?)" : `  oldGenPath=${oldGenPath}`);
  log(`  newGenPath=${newGenPath}`);
  log(`  genProfilePath=${genProfilePath}`);
}

const PROFILE_DIR = HOME_PROFILE.dir.slice(1);
const parentOf = (target: string) => (target.includes("/") ? posix.dirname(target) : "");

/** The link record of the directories this activation looked at, as it leaves them; not writing it (an unwritable state directory) only costs the next activation a full look. */
function recordLinks(home: RootFs, p: Planned): void {
  const links = new Map<string, string>();
  for (const [t, o] of p.looked) if (o.kind === "symlink") links.set(t, o.target);
  for (const s of p.plan.steps) {
    if (s.op === "remove" || s.op === "backup") links.delete(s.target);
    if (s.op === "link") links.set(s.target, s.to);
  }
  try {
    writeLinkRecord(home, p.used.dirs, (dir, name) => links.get(dir === "" ? name : `${dir}/${name}`));
  } catch (e) {
    if (!(e instanceof UserError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
  }
}
