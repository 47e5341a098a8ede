/**
 * A user's home activation, run as that user: read the home generation,
 * check every target (before the write boundary nothing in $HOME
 * changes), then run the activation steps in order — removing the
 * previous generation's stale links, linking the new files, running
 * onChange hooks and the user's own steps — and finally make the
 * generation current in ~/.local/state/nix/profiles/home-manager.
 * File operations happen in-process; no process is started per file.
 */
import { spawnSync } from "node:child_process";
import { posix } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { HOME_MANIFEST_VERSION, type HomeManifest } from "../../build/home-generation.ts";
import { RootFs } from "../root-fs.ts";
import { sha256, type Observed } from "../observe.ts";
import { listGenerations, setCurrentGeneration, nextGeneration, type Profile } from "../generations.ts";
import { collisionMessage, isOurLink, planHome, type HomePlan } from "./home-plan.ts";

export const HOME_PROFILE: Profile = { dir: "/.local/state/nix/profiles", name: "home-manager" };

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
}

/** Store paths (as the target sees them) read through a RootFs rooted at the store directory. */
const inStore = (storePath: string) => storePath.slice(STORE_DIR.length);

export function readHomeManifest(store: RootFs, generation: string): HomeManifest {
  if (!generation.startsWith(STORE_DIR + "/")) throw new UserError(`Cannot activate ${generation}: it is not in the store`);
  const data = store.readFileIfExists(`${inStore(generation)}/home.json`);
  if (data === undefined) throw new UserError(`Cannot activate ${generation}: it is not a home generation (no home.json)`);
  const m = JSON.parse(data.toString("utf8")) as HomeManifest;
  if (m.version !== HOME_MANIFEST_VERSION) throw new UserError(`Cannot activate ${generation}: home.json has version ${JSON.stringify(m.version)}, and this system-manager reads ${HOME_MANIFEST_VERSION}`);
  return m;
}

export function activateHome(a: HomeActivation): HomePlan {
  const store = new RootFs(a.storeDir);
  const m = readHomeManifest(store, a.generation);
  if (m.uid !== null && a.uid !== undefined && m.uid !== a.uid) throw new UserError(`Cannot activate the home of ${m.username}: running as uid ${a.uid}, expected ${m.uid}`);
  const home = new RootFs(a.homeDir);
  if (home.entry("/").kind !== "dir") throw new UserError(`Cannot activate the home of ${m.username}: ${m.homeDirectory} is not a directory`);
  const gens = listGenerations(home, () => 0, HOME_PROFILE);
  const current = gens.find((g) => g.current);
  const prefix = a.linkPrefix ?? "";
  const old = current === undefined ? undefined : tryManifest(store, current.storePath.slice(prefix.length));

  const seenCache = new Map<string, Observed>();
  const lookErrors = new Map<string, string>();
  const oldOurs = new Set((old?.files ?? []).map((f) => f.target));
  const seen = (target: string): Observed => {
    let o = seenCache.get(target);
    if (o !== undefined) return o;
    try {
      const e = home.entry("/" + target);
      o = e.kind === "file" ? { ...e, sha256: sha256(home.readFile("/" + target)) } : e;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // Under a directory link of the previous generation, which cleanup removes first, the path is free.
      const underOld = ancestorsOf(target).some((p) => oldOurs.has(p) && isOurLink(safeEntry(home, p)));
      if (!underOld) lookErrors.set(target, `Cannot manage '${m.homeDirectory}/${target}': ${err.message.replace(/^Cannot manage '[^']*': /, "")}`);
      o = { kind: "absent" };
    }
    seenCache.set(target, o);
    return o;
  };
  for (const f of m.files) seen(f.target);
  const plan = planHome({
    files: m.files,
    linkTo: (t) => `${prefix}${a.generation}/home-files/${t}`,
    oldFiles: old?.files ?? [],
    seen,
    newHash: (t) => {
      const p = `${inStore(a.generation)}/home-files/${t}`;
      return store.entry(p).kind === "file" ? sha256(store.readFile(p)) : undefined;
    },
    currentHash: (t) => {
      const o = seen(t);
      if (o.kind === "file") return o.sha256;
      if (o.kind !== "symlink" || !o.target.startsWith(prefix + STORE_DIR + "/")) return undefined;
      const p = inStore(o.target.slice(prefix.length));
      return store.entry(p).kind === "file" ? sha256(store.readFile(p)) : undefined;
    },
    lookErrors,
    backupExtension: a.backupExtension,
    home: m.homeDirectory,
  });
  for (const w of plan.warnings) a.log(w);
  if (plan.collisions.length > 0) throw new UserError(collisionMessage(plan.collisions));

  const env = { ...a.env, HOME: a.homeDir, newGenPath: a.generation, oldGenPath: current?.storePath ?? "" };
  for (const step of m.activation) {
    a.log(`Activating ${step.name}`);
    if (step.name === "linkGeneration" && step.builtin) linkGeneration(home, plan, a.log);
    else if (step.name === "onFilesChange" && step.builtin) {
      for (const f of m.files) if (f.onChange !== "" && plan.changed.has(f.target)) runShell(f.onChange, env, `onChange of ${f.target}`);
    } else if (!step.builtin && step.data.trim() !== "") runShell(step.data, env, `activation step ${step.name}`);
  }
  const number = a.generationNumber ?? nextGeneration(gens, prefix + a.generation).number;
  setCurrentGeneration(home, number, prefix + a.generation, HOME_PROFILE);
  return plan;
}

/** cleanOldGen then linkNewGen, as one step. */
function linkGeneration(home: RootFs, plan: HomePlan, log: (l: string) => void): void {
  for (const s of plan.steps) {
    if (s.op !== "remove") continue;
    home.unlink("/" + s.target);
    for (const dir of ancestorsOf(s.target).reverse()) if (!home.rmdirIfEmpty("/" + dir)) break;
  }
  // Directories are fsynced once each after their links are made, not once per link.
  const touched = new Set<string>();
  for (const s of plan.steps) {
    if (s.op === "backup") {
      home.rename("/" + s.target, "/" + s.to);
      log(`Moved '${s.target}' to '${s.to}'`);
    } else if (s.op === "link") {
      const parent = posix.dirname("/" + s.target);
      if (parent !== "/" && !touched.has(parent)) home.mkdirs(parent);
      // A new link is one syscall; replacing one is a link beside it and a rename over it.
      if (s.replace) home.symlinkAtomic("/" + s.target, s.to, { sync: false });
      else home.symlinkNew("/" + s.target, s.to, { sync: false });
      touched.add(parent);
    }
  }
  for (const dir of touched) home.syncDir(dir);
}

function runShell(script: string, env: Record<string, string | undefined>, what: string): void {
  const r = spawnSync("bash", ["-euo", "pipefail", "-c", script], { env: env as NodeJS.ProcessEnv, cwd: env.HOME, stdio: "inherit" });
  if (r.error !== undefined) throw new UserError(`Cannot run the ${what}: ${r.error.message}`);
  if (r.status !== 0) throw new UserError(`The ${what} failed with exit status ${r.status}`);
}

function ancestorsOf(target: string): string[] {
  const parts = target.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

function safeEntry(fs: RootFs, target: string): Observed {
  try {
    return fs.entry("/" + target);
  } catch {
    return { kind: "absent" };
  }
}

function tryManifest(fs: RootFs, path: string): HomeManifest | undefined {
  try {
    return readHomeManifest(fs, path);
  } catch {
    return undefined;
  }
}
