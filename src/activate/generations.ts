/**
 * Generations: a profile of numbered links under the root's state
 * directory, as Nix profiles are: `system-N-link` → the generation's store
 * path, and `system` → the current `system-N-link`, switched by an atomic
 * rename. Registering the current path again adds no generation. An
 * --ephemeral activation leaves that link on the last generation switched
 * to persistently and makes its own current through EPHEMERAL_CURRENT,
 * under /run: after a reboot the persistent one is current again.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { RootFs } from "./root-fs.ts";
import type { InProgress } from "./state.ts";
import { removeTemporaries } from "./temporaries.ts";

export const PROFILES_DIR = "/var/lib/system-manager/profiles";

/** A profile: `<dir>/<name>` → `<name>-N-link` → store path. */
export interface Profile {
  readonly dir: string;
  readonly name: string;
}

export const SYSTEM_PROFILE: Profile = { dir: PROFILES_DIR, name: "system" };

const current = (p: Profile) => `${p.dir}/${p.name}`;

/** The system profile's current link while an --ephemeral activation is in effect (→ `system-N-link`); /run does not survive a reboot. */
export const EPHEMERAL_CURRENT = "/run/system-manager/ephemeral-generation";

/** The link that says which generation is current: the ephemeral one while there is one, else the profile's. */
const currentLink = (fs: RootFs, p: Profile) => (p === SYSTEM_PROFILE && fs.entry(EPHEMERAL_CURRENT).kind === "symlink" ? EPHEMERAL_CURRENT : current(p));
const linkName = (p: Profile, n: number) => `${p.name}-${n}-link`;

/** The link of generation `n` in `profile`. */
export const generationLink = (p: Profile, n: number) => `${p.dir}/${linkName(p, n)}`;
const linkRe = (p: Profile) => new RegExp(`^${p.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)-link$`);

/** A generation number as given (`--generation N`): a positive whole number a generation can have, or a user error. */
export function parseGenerationNumber(spec: string): number {
  const n = Number(spec);
  if (!/^[1-9][0-9]*$/.test(spec) || !Number.isSafeInteger(n)) throw new UserError(`Cannot use '${spec}' as a generation number: expected a positive whole number`);
  return n;
}

export interface Generation {
  readonly number: number;
  readonly storePath: string;
  /** Modification time of the link, in milliseconds. */
  readonly date: number;
  readonly current: boolean;
}

export function listGenerations(fs: RootFs, mtime: (path: string) => number, profile: Profile = SYSTEM_PROFILE): Generation[] {
  const cur = currentGenerationNumber(fs, profile);
  const re = linkRe(profile);
  return fs
    .readdir(profile.dir)
    .map((name) => re.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const path = `${profile.dir}/${m[0]}`;
      const e = fs.entry(path);
      return { number: Number(m[1]), storePath: e.kind === "symlink" ? e.target : "", date: mtime(path), current: Number(m[1]) === cur };
    })
    .sort((a, b) => a.number - b.number);
}

export function currentGenerationNumber(fs: RootFs, profile: Profile = SYSTEM_PROFILE): number | undefined {
  return linkedNumber(fs, currentLink(fs, profile), profile);
}

/** The generation the profile's own link names: the last one switched to persistently (an ephemeral one aside). */
export function persistentGenerationNumber(fs: RootFs, profile: Profile = SYSTEM_PROFILE): number | undefined {
  return linkedNumber(fs, current(profile), profile);
}

function linkedNumber(fs: RootFs, link: string, profile: Profile): number | undefined {
  const e = fs.entry(link);
  if (e.kind !== "symlink") return undefined;
  const m = linkRe(profile).exec(e.target);
  return m === null ? undefined : Number(m[1]);
}

/**
 * The generation a switch to `storePath` makes current: the current one if
 * it is that path; the newest one if it is that path (a switch interrupted
 * after creating its link); else a new number. `isNew` is true whenever the
 * current generation changes.
 */
export function nextGeneration(gens: readonly Generation[], storePath: string): { number: number; isNew: boolean } {
  const cur = gens.find((g) => g.current);
  if (cur !== undefined && cur.storePath === storePath) return { number: cur.number, isNew: false };
  const last = gens[gens.length - 1];
  if (last !== undefined && last.storePath === storePath) return { number: last.number, isNew: true };
  return { number: (last?.number ?? 0) + 1, isNew: true };
}

/**
 * Makes generation `number` (pointing at `storePath`) current, creating its link if needed;
 * `ephemeral`: until the next reboot only (EPHEMERAL_CURRENT), the profile's link left as it is.
 */
export function setCurrentGeneration(fs: RootFs, number: number, storePath: string, profile: Profile = SYSTEM_PROFILE, opts: { ephemeral?: boolean } = {}): void {
  fs.mkdirs(profile.dir);
  const link = generationLink(profile, number);
  removeTemporaries(fs, [link, current(profile), ...(profile === SYSTEM_PROFILE ? [EPHEMERAL_CURRENT] : [])]);
  const e = fs.entry(link);
  if (e.kind === "absent") fs.symlinkAtomic(link, storePath);
  else if (e.kind !== "symlink" || e.target !== storePath) throw new UserError(`Cannot register generation ${number}: ${link} already exists and points elsewhere`);
  if (opts.ephemeral === true && profile === SYSTEM_PROFILE) {
    fs.mkdirs(EPHEMERAL_CURRENT.slice(0, EPHEMERAL_CURRENT.lastIndexOf("/")));
    fs.symlinkAtomic(EPHEMERAL_CURRENT, linkName(profile, number));
    return;
  }
  fs.symlinkAtomic(current(profile), linkName(profile, number));
  if (profile === SYSTEM_PROFILE && fs.entry(EPHEMERAL_CURRENT).kind !== "absent") fs.unlink(EPHEMERAL_CURRENT);
}

/** Removes the current-generation link (deactivate), and an ephemeral one; generations themselves are kept. */
export function clearCurrentGeneration(fs: RootFs, profile: Profile = SYSTEM_PROFILE): void {
  if (profile === SYSTEM_PROFILE && fs.entry(EPHEMERAL_CURRENT).kind !== "absent") fs.unlink(EPHEMERAL_CURRENT);
  fs.unlink(current(profile));
}

/** When the current-generation link was last written, in whole microseconds (null: there is none). */
export function currentLinkTime(fs: RootFs, mtime: (path: string) => number, profile: Profile = SYSTEM_PROFILE): number | null {
  const link = currentLink(fs, profile);
  return fs.entry(link).kind === "symlink" ? Math.round(mtime(link) * 1000) : null;
}

/**
 * The recorded activation in progress, if it is still the one that was
 * interrupted: the current link is as it found it, or on its target (it
 * was killed after switching the link; a deactivate, after removing it).
 * Older engines keep the record as a field they do not know and rewrite
 * the link when they complete: their record is stale, and null here.
 */
export function interrupted(p: InProgress | null, fs: RootFs, mtime: (path: string) => number): InProgress | null {
  if (p === null) return null;
  const linkTime = currentLinkTime(fs, mtime);
  return linkTime === p.linkTime || (p.storePath === "" ? linkTime === null : currentGenerationNumber(fs) === p.generation) ? p : null;
}

/** The generation before the current one, if there is one (what rollback activates). */
export function previousGeneration(gens: readonly Generation[]): Generation | undefined {
  const cur = gens.find((g) => g.current);
  return cur === undefined ? undefined : gens.filter((g) => g.number < cur.number).pop();
}

/**
 * What `rollback` activates: the generation before the current one, or,
 * after an interrupted activation, where that one left off. A switch
 * records itself in the state (`inProgress`) before its first write and
 * switches the current link only at its end, so one killed meanwhile
 * leaves the old generation current with the system half on the new one:
 * rollback returns to the generation current before it (`undoing` names
 * the interrupted one), never one further back. An interrupted rollback
 * (to an older generation) is resumed to its target. State files of
 * engines without `inProgress` still resume a rollback killed between its
 * link switch and its state write: the link is then on its target while
 * the state names the newer generation it left (`lastCompleted`).
 * `inProgress` is the state's, as `interrupted` leaves it.
 */
export function rollbackTarget(
  gens: readonly Generation[],
  lastCompleted: string | null,
  inProgress: InProgress | null = null,
): { readonly generation: Generation; readonly resumed: boolean; readonly undoing?: InProgress } {
  if (inProgress !== null) return interruptedTarget(gens, inProgress);
  const cur = gens.find((g) => g.current);
  if (cur === undefined) throw new UserError("Cannot roll back: no generation is active on this root");
  if (lastCompleted !== null && cur.storePath !== lastCompleted && gens.some((g) => g.number > cur.number && g.storePath === lastCompleted)) {
    return { generation: cur, resumed: true };
  }
  const previous = previousGeneration(gens);
  if (previous === undefined) throw new UserError(`Cannot roll back: generation ${cur.number} is the oldest`);
  return { generation: previous, resumed: false };
}

function interruptedTarget(gens: readonly Generation[], p: InProgress): { readonly generation: Generation; readonly resumed: boolean; readonly undoing?: InProgress } {
  const what = p.storePath === "" ? "the interrupted deactivate" : `the interrupted switch to generation ${p.generation}`;
  const wanted = (n: number, storePath: string, why: string) => {
    const g = gens.find((x) => x.number === n);
    if (g === undefined || g.storePath !== storePath) {
      throw new UserError(`Cannot roll back: generation ${n}, ${why}, ${g === undefined ? "no longer exists" : `now points at ${g.storePath}, not ${storePath}`} (${generationLink(SYSTEM_PROFILE, n)}); run switch again to finish ${what}`);
    }
    return g;
  };
  if (p.previous !== null && p.storePath !== "" && p.generation < p.previous.number) {
    return { generation: wanted(p.generation, p.storePath, "the target of the interrupted rollback"), resumed: true };
  }
  if (p.previous === null) throw new UserError(`Cannot roll back: no generation was active before ${what}; run switch again to finish it, or deactivate`);
  return { generation: wanted(p.previous.number, p.previous.storePath, `current before ${what}`), resumed: false, undoing: p };
}

export function findGeneration(gens: readonly Generation[], number: number): Generation {
  const g = gens.find((x) => x.number === number);
  if (g === undefined) {
    throw new UserError(`Cannot switch to generation ${number}: there is no such generation (have: ${gens.map((x) => x.number).join(", ") || "none"})`);
  }
  return g;
}
