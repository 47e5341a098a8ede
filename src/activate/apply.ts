/**
 * The executor: the only code that writes under the root. The crash-safe
 * order, which makes a run after a kill at any moment converge:
 * - everything is checked before the first write (planning refuses, and a
 *   refused plan is never applied; account files are re-checked under
 *   their lock, each /etc path right before it is touched);
 * - intent is recorded before writing: the first write is the state
 *   old ∪ new, with the /etc files of ours as they are now and, as
 *   intents, what is about to be written at each path, so every path of
 *   ours is recognised in either version and its temporaries removed;
 * - every file is written beside its destination and renamed over it;
 * - the last write is the new state, after the generation link: until
 *   then the old generation is the last completed one, and a run again
 *   plans the whole transition;
 * - rollback is activating an older generation through this same code (a
 *   re-run of an interrupted one resumes it: see generations.ts).
 * Steps: 1. state := old ∪ new, with intents and the activation in
 * progress, and the temporaries an interrupted run left beside the state
 * and beside every home either records removed; 2. units leaving stopped;
 * 3. account files, under the .pwd.lock: group, gshadow, passwd, shadow,
 * each backed up to `<file>-` and replaced by rename; 4. home directories;
 * 5. /etc (see apply-etc.ts), and on deactivate the home directories we
 * created, if still empty; 6. units started; 7. home activations, each
 * between rooting its new generation (beside the ones already rooted,
 * the only ones its links may stay in) and dropping the roots no link
 * stays in (home/home-roots.ts); 8. the generation link; 9. state := new.
 * Our tmpfiles.d files are under /etc/tmpfiles.d, or /run/tmpfiles.d for
 * an --ephemeral activation (ephemeral-paths.ts).
 * A plan that writes nothing (plan/empty-plan.ts) skips steps 1, 8 and 9
 * when the new state is the old one byte for byte: nothing is written, so
 * there is nothing to record or commit (a kill then leaves what was).
 */
import type { RootFs } from "./root-fs.ts";
import { STATE_PATH, writeState, type State } from "./state.ts";
import { ACCOUNT_FILES, type Plan } from "./plan/plan.ts";
import { writesNothing } from "./plan/empty-plan.ts";
import { sha256 } from "./observe.ts";
import { applyEtc, type LeftAlone } from "./apply-etc.ts";
import { renderAccountFile, type AccountFile } from "./users/account-files.ts";
import { clearCurrentGeneration, setCurrentGeneration } from "./generations.ts";
import { lockAccountFiles } from "./users/pwd-lock.ts";
import { dirname } from "node:path";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { removeDirTemporaries, removeTemporaries } from "./temporaries.ts";
import type { ServiceManager } from "./services/service-manager.ts";
import { describeServiceFailure, startUnits, stopUnits, type ServiceFailure } from "./services/run-services-plan.ts";

/** The outcome of the home activations: the home generations now active, and the failures. */
export interface HomesOutcome {
  readonly done: Readonly<Record<string, string>>;
  readonly failures: readonly UserError[];
}

export interface ApplyOptions {
  readonly log: (line: string) => void;
  readonly services: ServiceManager;
  /** Runs the home activations once the system is in place, before the generation is committed. */
  readonly homes?: () => Promise<HomesOutcome>;
}

function union(old: State, plan: Plan): State {
  const next = plan.state;
  return {
    ...next,
    generation: old.generation,
    homeGenerations: old.homeGenerations,
    files: plan.etc.recorded,
    intents: plan.etc.intents,
    inProgress: plan.inProgress,
    stopped: [...new Set([...old.stopped, ...("plan" in plan.services ? plan.services.plan.stop : [])])].sort(),
    // Both records until the switch is done: a host unit about to be stopped is known, one about to be given back is not forgotten.
    hostUnits: [...new Set([...old.hostUnits, ...next.hostUnits])].sort(),
    backups: { ...old.backups, ...next.backups },
    directories: [...new Set([...old.directories, ...next.directories])].sort(),
    users: [...new Set([...old.users, ...next.users])],
    groups: [...new Set([...old.groups, ...next.groups])],
    // Per group, the members either state added: a crash before the group file is written must not forget one to remove.
    memberships: mergeMemberships(old.memberships, next.memberships),
    // The old units stay recorded until the switch is done, so a crash replans the whole transition.
    units: old.units,
    locked: [...new Set([...old.locked, ...next.locked])],
    // An adopted user's record, field by field, is kept until the switch that restores it is done.
    adopted: mergeAdopted(old.adopted, next.adopted),
    homes: [...new Set([...old.homes, ...next.homes])],
  };
}

function mergeAdopted(old: State["adopted"], next: State["adopted"]): State["adopted"] {
  const out: Record<string, State["adopted"][string]> = { ...old };
  for (const [user, record] of Object.entries(next)) out[user] = { ...old[user], ...record };
  return out;
}

function mergeMemberships(old: State["memberships"], next: State["memberships"]): State["memberships"] {
  const out: Record<string, string[]> = {};
  for (const [group, members] of [...Object.entries(old), ...Object.entries(next)]) out[group] = [...new Set([...(out[group] ?? []), ...members])];
  return out;
}

const digestOf = (data: Buffer | undefined) => (data === undefined ? null : sha256(data));

const DEFAULT_MODES: Readonly<Record<string, number>> = { passwd: 0o644, group: 0o644, shadow: 0o640, gshadow: 0o640 };

/**
 * Replaces an account file whose content under the lock is `old` (its
 * backup `<file>-` first); /etc itself is synced once, after all of them.
 */
function writeAccountFile(fs: RootFs, file: AccountFile, old: Buffer | undefined, shadowGid: number): boolean {
  const path = `/etc/${file.name}`;
  const content = renderAccountFile(file);
  if (old !== undefined && old.toString("utf8") === content) return false;
  const e = fs.entry(path);
  const secret = file.name === "shadow" || file.name === "gshadow";
  const opts = e.kind === "file" ? { mode: e.mode, uid: e.uid, gid: e.gid } : { mode: DEFAULT_MODES[file.name] as number, uid: 0, gid: secret ? shadowGid : 0 };
  if (old !== undefined) fs.writeFileAtomic(`${path}-`, old, { ...opts, sync: false });
  fs.writeFileAtomic(path, content, { ...opts, sync: false });
  return true;
}

/** The new state, without the /etc paths apply left alone (a backup recorded before stays recorded while it exists). */
function committed(fs: RootFs, plan: Plan, old: State, homeGenerations: Readonly<Record<string, string>>, left: readonly LeftAlone[]): State {
  const files = { ...plan.state.files };
  const backups = { ...plan.state.backups };
  for (const { path } of left) {
    delete files[path];
    const backup = old.backups[path];
    if (backup !== undefined && fs.entry(backup).kind !== "absent") backups[path] = backup;
    else delete backups[path];
  }
  return { ...plan.state, files, backups, homeGenerations };
}

export async function applyPlan(fs: RootFs, plan: Plan, old: State, opts: ApplyOptions): Promise<void> {
  const quiet = writesNothing(plan, old);
  const begun = union(old, plan);
  if (!quiet) writeState(fs, begun);
  removeTemporaries(fs, [STATE_PATH]);
  const leftovers = removeDirTemporaries(fs, begun.homes);
  for (const t of leftovers.removed) opts.log(`removed ${t} (left by an interrupted activation)`);
  for (const t of leftovers.kept) opts.log(`warning: left ${t} as it is: an interrupted activation made it, and it is no longer empty; look at it and remove it`);
  const failures: ServiceFailure[] = [];
  // Units leaving or masked are stopped while their old unit files are still in /etc.
  if ("plan" in plan.services) failures.push(...(await stopUnits(opts.services, plan.services.plan)));

  if (plan.accountsChanged) {
    fs.mkdirs("/etc");
    const lock = await lockAccountFiles(fs.hostPath("/etc/.pwd.lock"));
    try {
      // Under the lock, before the first write: a file another program changed since planning is not overwritten. Each is read once here.
      const now = new Map(ACCOUNT_FILES.map((n) => [n, fs.readFileIfExists(`/etc/${n}`)]));
      const changed = ACCOUNT_FILES.filter((n) => digestOf(now.get(n)) !== plan.accountsRead[n]);
      if (changed.length > 0) {
        throw new UserError(`Cannot write the account files: ${changed.map((n) => `/etc/${n}`).join(", ")} changed while the switch was running (another program edited them); they were left as they are. Run the switch again.`);
      }
      removeTemporaries(fs, ACCOUNT_FILES.flatMap((n) => [`/etc/${n}`, `/etc/${n}-`]));
      const { passwd, group, shadow, gshadow } = plan.users.files;
      const shadowGroup = group.lines.find((l) => l.kind === "entry" && l.name === "shadow");
      const shadowGid = shadowGroup?.kind === "entry" ? Number(shadowGroup.fields[2]) : 0;
      let wrote = false;
      for (const f of [group, gshadow, passwd, shadow]) {
        if (f !== undefined && writeAccountFile(fs, f, now.get(f.name), shadowGid)) {
          opts.log(`wrote /etc/${f.name}`);
          wrote = true;
        }
      }
      if (wrote) fs.syncDir("/etc");
    } finally {
      await lock.release();
    }
  }

  for (const h of plan.homes) {
    fs.mkdirs(dirname(h.path));
    fs.mkdirOwned(h.path, h.mode, h.uid, h.gid);
    opts.log(`created home ${h.path} (${h.uid}:${h.gid}, ${h.mode.toString(8).padStart(4, "0")})`);
  }

  const left = applyEtc(fs, plan.etc, opts.log);
  for (const dir of plan.removeHomes) if (fs.rmdirIfEmpty(dir)) opts.log(`removed empty directory ${dir}`);
  if ("plan" in plan.services) {
    const tmpfiles = Object.keys(plan.etc.files).filter((p) => p.startsWith("/etc/tmpfiles.d/") || p.startsWith("/run/tmpfiles.d/"));
    const units = Object.entries(plan.state.units).filter(([, u]) => !u.masked).map(([n]) => n);
    failures.push(...(await startUnits(opts.services, plan.services.plan, { tmpfiles, units })));
  } else if (Object.keys(plan.state.units).length > 0) {
    opts.log(`warning: unit files were written but no unit was started or stopped: ${plan.services.unavailable}`);
  }
  const homes = opts.homes === undefined ? { done: plan.state.homeGenerations, failures: [] } : await opts.homes();
  const next = committed(fs, plan, old, homes.done, left);
  if (!quiet || JSON.stringify(next) !== JSON.stringify(old)) {
    if (plan.storePath !== "") setCurrentGeneration(fs, plan.generation.number, plan.storePath, undefined, { ephemeral: plan.generation.ephemeral === true });
    else clearCurrentGeneration(fs);
    writeState(fs, next);
  }

  const errors: UserError[] = [...homes.failures];
  if (left.length > 0) errors.push(new UserError(`The switch is done, but it left alone what changed while it ran:\n${left.map((l) => `  ${l.path}: ${l.why}`).join("\n")}\nRun the switch again to see them in its plan.`));
  if (failures.length > 0) errors.push(new UserError(`The switch is done, but ${failures.length === 1 ? "a unit" : `${failures.length} units`} failed:\n${failures.map(describeServiceFailure).join("\n")}`));
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);
}
