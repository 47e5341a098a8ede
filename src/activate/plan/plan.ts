/**
 * The activation plan: everything `switch` will do, computed before the
 * first write from the state file, the generation and what is on disk.
 * `switch --dry-run` prints this very object; `switch` applies it. Invalid
 * input fails here; refusals (paths we will not touch) are part of the plan,
 * and a plan with refusals is never applied (see `refusals`).
 */
import { UserError, UserErrors } from "../../diagnostics/user-error.ts";
import type { Manifest } from "../../build/manifest.ts";
import { ancestors, observePaths, sha256, type Observed } from "../observe.ts";
import type { RootFs } from "../root-fs.ts";
import { emptyState, type InProgress, type State } from "../state.ts";
import { SYSTEM_PROFILE_LINK } from "../../store/store-path.ts";
import { resolveInRoot } from "../../packages/rooted-path.ts";
import { planEtc, managedPaths, type DesiredEntry, type EtcPlan, BACKUP_SUFFIX } from "./etc-plan.ts";
import { ourTemporaries } from "../temporaries.ts";
import { planUsers, type UsersPlan } from "./users-plan.ts";
import { parseAccountFile, findEntry, renderAccountFile } from "../users/account-files.ts";
import type { Secrets } from "../users/resolve-passwords.ts";
import { planHomes, type HomeStep } from "./homes-plan.ts";
import { ephemeralRestoreLinks } from "./ephemeral-restore-plan.ts";
import type { HomeActivationRequest } from "../home/run-home-activations.ts";
import { homeProfileGeneration } from "../home/home-profile.ts";
import { escapeSystemdName } from "../../build/home-manager-units.ts";
import type { ServicesPlan } from "../services/plan-services.ts";
import { unitInfos, UNITS_DIR } from "../../build/systemd/unit-info.ts";
import { planSecrets, type SecretStep } from "./secrets-plan.ts";

export interface Plan {
  readonly storePath: string;
  /** isNew: the current generation changes; existing: to one that was made before (rollback, --generation); registered: current, never activated (register); ephemeral: current until the next boot (--ephemeral). */
  readonly generation: { readonly number: number; readonly isNew: boolean; readonly existing?: boolean; readonly registered?: boolean; readonly ephemeral?: boolean };
  readonly users: UsersPlan;
  readonly accountsChanged: boolean;
  /** sha256 of each account file as planning read it (null: absent), checked again under the lock before writing. */
  readonly accountsRead: Readonly<Record<AccountFileName, string | null>>;
  readonly homes: readonly HomeStep[];
  /** Directories we created for homes, deepest first, removed if still empty (deactivate only). */
  readonly removeHomes: readonly string[];
  readonly etc: EtcPlan;
  /** The sops secrets this switch installs (names, paths, owners, modes; never values): ./secrets-plan.ts. */
  readonly secrets?: readonly SecretStep[];
  /** Home generations to activate directly (those that changed), each as its user; empty when units do it. */
  readonly homeActivations: readonly HomeActivationRequest[];
  /** Which units to stop, reload, restart and start, or why units are not switched (no running systemd). */
  readonly services: { readonly plan: ServicesPlan } | { readonly unavailable: string };
  /** This activation, recorded in the state by its first write and cleared by its last (`state` has none). */
  readonly inProgress: InProgress;
  readonly state: State;
}

export interface PlanInput {
  readonly fs: RootFs;
  readonly storePath: string;
  readonly manifest: Manifest;
  readonly state: State;
  /** isNew: the current generation changes; existing: to one that was made before (rollback, --generation); registered: current, never activated (register); ephemeral: current until the next boot (--ephemeral). */
  readonly generation: { readonly number: number; readonly isNew: boolean; readonly existing?: boolean; readonly registered?: boolean; readonly ephemeral?: boolean };
  readonly secrets: (files: ReturnType<typeof readAccountFiles>) => Secrets;
  readonly services: { readonly plan: ServicesPlan } | { readonly unavailable: string };
  readonly inProgress: InProgress;
  readonly today: number;
  /** Where each /etc entry of the generation goes (--ephemeral: under /run, ../ephemeral-paths.ts); default: where it says. */
  readonly place?: (etcPath: string) => string;
}

export type AccountFileName = "passwd" | "group" | "shadow" | "gshadow";
export const ACCOUNT_FILES: readonly AccountFileName[] = ["passwd", "group", "shadow", "gshadow"];

/** The account files, each read once: parsed, and their digests. */
export function readAccountFiles(fs: RootFs) {
  const raw = Object.fromEntries(ACCOUNT_FILES.map((n) => [n, fs.readFileIfExists(`/etc/${n}`)])) as Record<AccountFileName, Buffer | undefined>;
  const read = (n: AccountFileName) => parseAccountFile(n, `/etc/${n}`, raw[n]);
  const digests = Object.fromEntries(ACCOUNT_FILES.map((n) => [n, raw[n] === undefined ? null : sha256(raw[n] as Buffer)])) as Record<AccountFileName, string | null>;
  return { passwd: read("passwd"), group: read("group"), shadow: read("shadow"), gshadow: raw.gshadow !== undefined ? read("gshadow") : undefined, digests };
}

export function makePlan(input: PlanInput): Plan {
  const { fs, manifest, state } = input;
  const files = readAccountFiles(fs);
  const secrets = input.secrets(files);
  const users = planUsers({
    files,
    users: manifest.users,
    groups: manifest.groups,
    state,
    hashes: secrets.hashes,
    initialHashes: secrets.initialHashes,
    today: input.today,
    exists: (path) => resolveInRoot(fs.root, path) !== undefined,
  });
  // Compared with the files themselves, so a switch interrupted between two of them finishes the job;
  // a temporary one left (even when going back to the files as they are) is removed under their lock.
  const accountsChanged =
    ACCOUNT_FILES.some((n) => {
      const next = users.files[n];
      const now = files[n];
      return next !== undefined && (now === undefined || renderAccountFile(next) !== renderAccountFile(now) || files.digests[n] === null);
    }) || ourTemporaries(fs, ACCOUNT_FILES.flatMap((n) => [`/etc/${n}`, `/etc/${n}-`])).length > 0;
  const homes = planHomes(fs, manifest.users, users.ids);

  const errors: UserError[] = [];
  const linked = new Map<string, string>();
  const place = input.place ?? ((p: string) => p);
  const unhashed = [
    ...desiredEtc(fs, input.storePath, manifest, (name) => findEntry(users.files.passwd, name), (name) => findEntry(users.files.group, name), errors, linked, place),
    ...profileLinks(manifest).map((d) => ({ ...d, path: place(d.path) })),
    ...(input.generation.ephemeral === true ? ephemeralRestoreLinks(fs, input.storePath) : []),
  ];
  const paths = new Set<string>();
  for (const d of unhashed) [d.path, d.path + BACKUP_SUFFIX, ...ancestors(d.path)].forEach((p) => paths.add(p));
  for (const [p, b] of Object.entries(state.backups)) [p, b].forEach((x) => paths.add(x));
  for (const p of managedPaths(state)) paths.add(p);
  const seen: Map<string, Observed> = observePaths(fs, paths);
  // A linked source is read and hashed only where a regular file sits at its target (the one case that needs it: adoption).
  const desired = unhashed.map((d) => {
    const source = linked.get(d.path);
    return source !== undefined && seen.get(d.path)?.kind === "file" && d.file.kind === "symlink" ? { ...d, file: { ...d.file, sha256: sha256(fs.readFile(source)) } } : d;
  });
  const etc = planEtc(state, desired, seen, ourTemporaries(fs, Object.keys(state.intents)));
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);

  return {
    storePath: input.storePath,
    generation: input.generation,
    users,
    accountsChanged,
    accountsRead: files.digests,
    homes,
    removeHomes: input.storePath === "" ? [...state.homes].reverse() : [],
    ...homesToActivate(fs, manifest, state, users.ids, input.services),
    inProgress: input.inProgress,
    etc,
    secrets: planSecrets(fs, input.storePath, manifest.etc, input.services, state.units),
    // After deactivate nothing is managed; only the users we locked stay recorded (and host units not given back for want of systemd).
    state: input.storePath === "" ? { ...emptyState, locked: users.state.locked, hostUnits: "plan" in input.services ? input.services.plan.host : state.hostUnits } : {
      ...state,
      generation: input.storePath,
      files: etc.files,
      backups: etc.backups,
      directories: etc.directories,
      ...users.state,
      homes: [...new Set([...state.homes, ...homes.flatMap((h) => [...h.parents, h.path])])],
      units: unitInfos(manifest.units),
      intents: {},
      stopped: [],
      // Without a service manager to ask, the host's units stay as recorded.
      hostUnits: "plan" in input.services ? input.services.plan.host : state.hostUnits,
      inProgress: null,
    },
  };
}

/**
 * The homes to activate again: those whose generation changed, and those
 * whose profile link (observed, read-only) is not on their generation,
 * deleted or moved since it was activated — and every home after an
 * interrupted activation (state.inProgress), which may have linked a
 * newer generation's files without making it current (each home
 * activation converges from that). With a running systemd,
 * home-manager-<user>.service activates each home: a changed one is
 * restarted as its unit changed, one whose link is off is restarted here.
 * Each home is the account's own as planned (ids), not the configured one.
 */
function homesToActivate(fs: RootFs, manifest: Manifest, state: State, ids: UsersPlan["ids"], services: PlanInput["services"]) {
  // The account's home as planned: an adopted account whose home the configuration leaves to a default keeps the host's.
  const homeOf = (user: string) => ids.get(user)?.home ?? manifest.users.find((x) => x.name === user)?.home ?? `/home/${user}`;
  const off = (user: string, generation: string) => state.inProgress !== null || homeProfileGeneration(fs, homeOf(user), ids.get(user)?.uid ?? 0) !== generation;
  const homes = Object.entries(manifest.homes).filter(([user]) => ids.has(user));
  if ("plan" in services) {
    const p = services.plan;
    const units = homes.filter(([user, h]) => off(user, h.generation)).map(([user]) => `home-manager-${escapeSystemdName(user)}.service`);
    const restart = units.filter((u) => manifest.units[u] !== undefined && !manifest.units[u].masked && ![...p.restart, ...p.start].includes(u));
    return { services: restart.length === 0 ? services : { plan: { ...p, restart: [...p.restart, ...restart].sort() } }, homeActivations: [] };
  }
  return {
    services,
    homeActivations: homes
      .filter(([user, h]) => state.homeGenerations[user] !== h.generation || off(user, h.generation))
      .map(([user, h]) => {
        const id = ids.get(user) as { uid: number; gid: number };
        return { user, uid: id.uid, gid: id.gid, homeDirectory: homeOf(user), generation: h.generation, backupExtension: h.backupFileExtension, verbose: h.verbose, engine: manifest.engine };
      }),
  };
}

/** /etc/profiles/per-user/<name> and /run/system-manager/sw, each one link to its profile in the store. */
function profileLinks(manifest: Manifest): DesiredEntry[] {
  const p = manifest.profiles;
  if (p === undefined) return [];
  const link = (path: string, target: string): DesiredEntry => ({ path, replaceExisting: false, file: { kind: "symlink", target, sha256: null } });
  return [link(SYSTEM_PROFILE_LINK, p.system), ...Object.entries(p.users).map(([u, t]) => link(`/etc/profiles/per-user/${u}`, t))];
}

/** The refused paths of a plan, as errors: a plan with any is not applied. */
export function refusals(plan: Plan): UserError[] {
  return plan.etc.steps.flatMap((s) => (s.op === "refuse" ? [new UserError(`Cannot manage ${s.path}: ${s.why}`)] : []));
}

function desiredEtc(
  fs: RootFs,
  storePath: string,
  manifest: Manifest,
  user: (name: string) => readonly string[] | undefined,
  group: (name: string) => readonly string[] | undefined,
  errors: UserError[],
  linked: Map<string, string>,
  place: (etcPath: string) => string,
): DesiredEntry[] {
  const out: DesiredEntry[] = [];
  const id = (spec: string, numeric: number, lookup: typeof user, what: string, target: string): number => {
    if (/^\+[0-9]+$/.test(spec)) return numeric;
    const e = lookup(spec);
    if (e === undefined) errors.push(new UserError(`Cannot set the owner of /etc/${target}: there is no ${what} named '${spec}'`));
    return e === undefined ? 0 : Number(e[2]);
  };
  for (const e of manifest.etc) {
    const leaves = storeLeaves(fs, `${storePath}/${e.source}`);
    for (const [rel, { path: file, link, sibling }] of leaves) {
      const path = place(rel === "" ? `/etc/${e.target}` : `/etc/${e.target}/${rel}`);
      // A link in the source is linked to, never read: its target may lie outside the root.
      if (e.mode === "symlink") {
        // A unit alias (`alias.service -> unit.service`) stays a link to its sibling: systemd takes a link leaving its unit directories for a second unit.
        const target = e.source === UNITS_DIR && sibling !== undefined ? sibling : file;
        out.push({ path, replaceExisting: e.replaceExisting, file: { kind: "symlink", target, sha256: null } });
        if (!link) linked.set(path, file);
      } else if (link) {
        errors.push(new UserError(`Cannot copy ${file} to ${path} (mode ${e.mode}): it is a symlink; copy mode needs a regular file`));
      } else {
        const content = fs.readFile(file);
        const uid = id(e.user, e.uid, user, "user", e.target);
        const gid = id(e.group, e.gid, group, "group", e.target);
        out.push({ path, replaceExisting: e.replaceExisting, file: { kind: "copy", source: file, sha256: sha256(content), mode: e.mode, uid, gid } });
      }
    }
  }
  return out;
}

/** The files and links under a store path of the generation (itself, when it is a file), by relative path; `sibling`: a link's target when it is a name in the same directory. */
function storeLeaves(fs: RootFs, path: string): Map<string, { path: string; link: boolean; sibling?: string }> {
  const out = new Map<string, { path: string; link: boolean; sibling?: string }>();
  const walk = (p: string, rel: string) => {
    const e = fs.entry(p);
    if (e.kind === "dir") for (const n of fs.readdir(p)) walk(`${p}/${n}`, rel === "" ? n : `${rel}/${n}`);
    else if (e.kind === "symlink" && !e.target.includes("/") && e.target !== "." && e.target !== "..") out.set(rel, { path: p, link: true, sibling: e.target });
    else if (e.kind !== "absent") out.set(rel, { path: p, link: e.kind === "symlink" });
  };
  walk(path, "");
  return out;
}
