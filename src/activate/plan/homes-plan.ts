/**
 * Home directories of users with createHome: a missing home is created with
 * the user's owner and homeMode; an existing directory is left as it is; a
 * home that is a symlink, or not a directory, is an error (we never follow
 * a link a user may have planted).
 */
import { UserError, UserErrors } from "../../diagnostics/user-error.ts";
import type { UserEntry } from "../../build/manifest.ts";
import type { RootFs } from "../root-fs.ts";
import { ancestors } from "../observe.ts";

export interface HomeStep {
  readonly path: string;
  /** Missing parent directories, created root-owned (0755) first, outermost first. */
  readonly parents: readonly string[];
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

/** `ids`: each user's uid, gid and home as planned (an adopted account's home may be its own, not the configured default). */
export function planHomes(fs: RootFs, users: readonly UserEntry[], ids: ReadonlyMap<string, { uid: number; gid: number; home: string }>): HomeStep[] {
  const steps: HomeStep[] = [];
  const errors: UserError[] = [];
  for (const u of users) {
    const id = ids.get(u.name);
    if (!u.createHome || id === undefined || id.home === "/var/empty" || !id.home.startsWith("/")) continue;
    const home = id.home;
    let e;
    try {
      e = fs.entry(home);
    } catch (err) {
      if (err instanceof UserError) errors.push(err);
      else throw err;
      continue;
    }
    if (e.kind === "absent") {
      const parents = ancestors(home).filter((d) => fs.entry(d).kind === "absent");
      steps.push({ path: home, parents, uid: id.uid, gid: id.gid, mode: parseInt(u.homeMode, 8) });
    }
    else if (e.kind === "symlink") errors.push(new UserError(`Cannot use ${home} as the home of ${u.name}: it is a symlink (to ${e.target}), and system-manager does not follow it`));
    else if (e.kind !== "dir") errors.push(new UserError(`Cannot use ${home} as the home of ${u.name}: it exists and is not a directory`));
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);
  return steps;
}
