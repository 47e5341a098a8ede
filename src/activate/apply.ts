/**
 * The executor: the only code that writes under the root. Order, and why:
 * 1. state := old ∪ new (so a crash never forgets a path we may create);
 * 2. account files, under the .pwd.lock (copied files may be owned by new
 *    users): group, gshadow, passwd, shadow, each backed up to `<file>-`
 *    and replaced by rename, so no user appears before its group;
 * 3. home directories (they need the users);
 * 4. /etc (stale entries out, then new ones in; see apply-etc.ts), and on
 *    deactivate the home directories we created, if still empty;
 * 5. the generation link; 6. state := new.
 * Every step is idempotent, so running switch again after a crash converges.
 */
import type { RootFs } from "./root-fs.ts";
import { writeState, type State } from "./state.ts";
import { ACCOUNT_FILES, accountFileDigest, type Plan } from "./plan/plan.ts";
import { applyEtc } from "./apply-etc.ts";
import { renderAccountFile, type AccountFile } from "./users/account-files.ts";
import { setCurrentGeneration } from "./generations.ts";
import { lockAccountFiles } from "./users/pwd-lock.ts";
import { dirname } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { ServiceManager } from "./services/service-manager.ts";
import { describeServiceFailure, startUnits, stopUnits, type ServiceFailure } from "./services/run-services-plan.ts";

export interface ApplyOptions {
  readonly log: (line: string) => void;
  readonly services: ServiceManager;
}

function union(old: State, next: State): State {
  return {
    ...next,
    generation: old.generation,
    files: { ...old.files, ...next.files },
    backups: { ...old.backups, ...next.backups },
    directories: [...new Set([...old.directories, ...next.directories])].sort(),
    users: [...new Set([...old.users, ...next.users])],
    groups: [...new Set([...old.groups, ...next.groups])],
    memberships: { ...old.memberships, ...next.memberships },
    // The old units stay recorded until the switch is done, so a crash replans the whole transition.
    units: old.units,
    locked: [...new Set([...old.locked, ...next.locked])],
    // An adopted user's record is kept until the switch that restores it is done.
    adopted: { ...old.adopted, ...next.adopted },
    homes: [...new Set([...old.homes, ...next.homes])],
  };
}

const DEFAULT_MODES: Readonly<Record<string, number>> = { passwd: 0o644, group: 0o644, shadow: 0o640, gshadow: 0o640 };

function writeAccountFile(fs: RootFs, file: AccountFile, shadowGid: number): boolean {
  const path = `/etc/${file.name}`;
  const content = renderAccountFile(file);
  const old = fs.readFileIfExists(path);
  if (old !== undefined && old.toString("utf8") === content) return false;
  const e = fs.entry(path);
  const secret = file.name === "shadow" || file.name === "gshadow";
  const opts = e.kind === "file" ? { mode: e.mode, uid: e.uid, gid: e.gid } : { mode: DEFAULT_MODES[file.name] as number, uid: 0, gid: secret ? shadowGid : 0 };
  if (old !== undefined) fs.writeFileAtomic(`${path}-`, old, opts);
  fs.writeFileAtomic(path, content, opts);
  return true;
}

export async function applyPlan(fs: RootFs, plan: Plan, old: State, opts: ApplyOptions): Promise<void> {
  writeState(fs, union(old, plan.state));
  const failures: ServiceFailure[] = [];
  // Units leaving or masked are stopped while their old unit files are still in /etc.
  if ("plan" in plan.services) failures.push(...(await stopUnits(opts.services, plan.services.plan)));

  if (plan.accountsChanged) {
    fs.mkdirs("/etc");
    const lock = await lockAccountFiles(fs.hostPath("/etc/.pwd.lock"));
    try {
      // Under the lock, before the first write: a file another program changed since planning is not overwritten.
      const changed = ACCOUNT_FILES.filter((n) => accountFileDigest(fs, n) !== plan.accountsRead[n]);
      if (changed.length > 0) {
        throw new UserError(`Cannot write the account files: ${changed.map((n) => `/etc/${n}`).join(", ")} changed while the switch was running (another program edited them); they were left as they are. Run the switch again.`);
      }
      const { passwd, group, shadow, gshadow } = plan.users.files;
      const shadowGroup = group.lines.find((l) => l.kind === "entry" && l.name === "shadow");
      const shadowGid = shadowGroup?.kind === "entry" ? Number(shadowGroup.fields[2]) : 0;
      for (const f of [group, gshadow, passwd, shadow]) {
        if (f !== undefined && writeAccountFile(fs, f, shadowGid)) opts.log(`wrote /etc/${f.name}`);
      }
    } finally {
      await lock.release();
    }
  }

  for (const h of plan.homes) {
    fs.mkdirs(dirname(h.path));
    fs.mkdirOwned(h.path, h.mode, h.uid, h.gid);
    opts.log(`created home ${h.path} (${h.uid}:${h.gid}, ${h.mode.toString(8).padStart(4, "0")})`);
  }

  applyEtc(fs, plan.etc, opts.log);
  for (const dir of plan.removeHomes) if (fs.rmdirIfEmpty(dir)) opts.log(`removed empty directory ${dir}`);
  if ("plan" in plan.services) {
    const tmpfiles = Object.keys(plan.etc.files).filter((p) => p.startsWith("/etc/tmpfiles.d/"));
    const units = Object.entries(plan.state.units).filter(([, u]) => !u.masked).map(([n]) => n);
    failures.push(...(await startUnits(opts.services, plan.services.plan, { tmpfiles, units })));
  } else if (Object.keys(plan.state.units).length > 0) {
    opts.log(`warning: unit files were written but no unit was started or stopped: ${plan.services.unavailable}`);
  }
  if (plan.storePath !== "") setCurrentGeneration(fs, plan.generation.number, plan.storePath);
  writeState(fs, plan.state);
  if (failures.length > 0) throw new UserError(`The switch is done, but ${failures.length === 1 ? "a unit" : `${failures.length} units`} failed:\n${failures.map(describeServiceFailure).join("\n")}`);
}
