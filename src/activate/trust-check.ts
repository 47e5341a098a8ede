/**
 * Whether the places system-manager trusts under a root can be changed by
 * anyone but root and us, checked before the build writes the store and
 * before activation (as sshd's StrictModes and Nix check theirs). A store
 * or state directory another user may write lets them rewrite the state
 * file or plant a store path that root then links into /etc, so we refuse
 * to run, changing nothing, when any of these is writable by others:
 *
 *   the store, the state directory (/var/lib/system-manager and its state,
 *   profiles and gcroots), /etc/profiles and /etc/profiles/per-user, the
 *   state file, and every directory from the root down to each of them.
 *
 * Each, the root included, must be a real directory (a symlink is refused:
 * paths under a root are never reached through one), owned by root or by
 * the user running us, and not group- or world-writable. Paths not there
 * yet end the walk: we make them ourselves, 0755.
 *
 * Above the root (the root's own parents, up to /) only ownership and
 * writability matter, as sshd checks the parents of a home: each must be
 * owned by root or by us, and if group- or world-writable it must be
 * sticky, so that only the owner of the entry below it can rename or
 * remove that entry (which is owned by root or us, checked one step down).
 * A --root under /tmp (root's, 1777) is therefore fine; links above the
 * root are the user's choice of where the root is, and are followed.
 */
import { existsSync, lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { systemError } from "../diagnostics/system-error.ts";

/** The directories checked under a root, as the target sees them. */
const TRUSTED_DIRS: readonly string[] = [
  "/var/lib/system-manager/store",
  "/var/lib/system-manager/state",
  "/var/lib/system-manager/profiles",
  "/var/lib/system-manager/gcroots",
  "/etc/profiles/per-user",
];

/** Files checked under a root (when they exist). */
const TRUSTED_FILES: readonly string[] = ["/var/lib/system-manager/state/system-manager-state.json"];

function me(): number {
  return typeof process.geteuid === "function" ? process.geteuid() : 0;
}

function ownerProblem(st: Stats): string | undefined {
  const uid = me();
  if (st.uid !== 0 && st.uid !== uid) return `it is owned by uid ${st.uid}, not by root${uid === 0 ? "" : ` or uid ${uid}`}`;
  return undefined;
}

function modeProblem(st: Stats): string | undefined {
  if ((st.mode & 0o022) === 0) return undefined;
  return `it is ${(st.mode & 0o002) !== 0 ? "world" : "group"}-writable (mode ${(st.mode & 0o7777).toString(8).padStart(4, "0")})`;
}

/** Problems with the root's own parents: owned by root or us, writable by others only when sticky. */
function checkAbove(root: string, problems: Map<string, string>): void {
  if (existsSync(root) && realpathSync(root) === "/") return;
  // A root not made yet (a user's first home-manager store) is checked from its nearest existing parent.
  let dir = root;
  while (!existsSync(dir)) dir = dirname(dir);
  dir = dir === root ? dirname(realpathSync(root)) : realpathSync(dir);
  for (;;) {
    const st = statSync(dir);
    const why = ownerProblem(st) ?? ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0 ? modeProblem(st) : undefined);
    if (why !== undefined) problems.set(dir, why);
    if (dir === "/") return;
    dir = dirname(dir);
  }
}

/** Ends the problem of a path that is not what system-manager keeps there (a link, or a file where a directory goes), which no owner or mode fixes. */
const SHAPE = "; move it aside, and system-manager makes what it keeps there";

/** Walks from the root down to `path`, recording each component's problem (`shape` ends one of a link or of a file of the wrong kind); returns at the first missing one. */
function checkBelow(root: string, path: string, kind: "dir" | "file", problems: Map<string, string>, shape = ""): void {
  const parts = path.split("/").filter((p) => p !== "");
  let cur = "";
  for (let i = -1; i < parts.length; i++) {
    if (i >= 0) cur += "/" + parts[i];
    const host = i < 0 ? root : join(root, cur);
    let st: Stats;
    const shown = cur === "" ? "/" : cur;
    try {
      st = lstatSync(host);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      // A path through a file or a loop of links (the root's own, or one of its parents').
      const why = systemError(e);
      if (why === undefined || (e as NodeJS.ErrnoException).code === "EACCES") throw e;
      problems.set(shown, `it cannot be reached: ${why}${shape}`);
      return;
    }
    const last = i === parts.length - 1;
    if (st.isSymbolicLink()) problems.set(shown, i < 0 ? "the root itself is a symlink (whoever owns it decides where it leads); give the directory it points to" : `it is a symlink, and system-manager does not follow symlinks under the root${shape}`);
    else if (last && kind === "file" ? !st.isFile() : !st.isDirectory()) problems.set(shown, `it is not a ${last && kind === "file" ? "regular file" : "directory"}${shape}`);
    else {
      const why = ownerProblem(st) ?? modeProblem(st);
      if (why !== undefined) problems.set(shown, why);
    }
    if (problems.has(shown)) return;
  }
}

/**
 * Throws one error listing every place under (and above) `root` that
 * someone other than root and us could change; changes nothing.
 */
export function checkTrust(root: string): void {
  const problems = new Map<string, string>();
  checkAbove(root, problems);
  const above = new Set(problems.keys());
  for (const d of TRUSTED_DIRS) checkBelow(root, d, "dir", problems, SHAPE);
  for (const f of TRUSTED_FILES) checkBelow(root, f, "file", problems, SHAPE);
  if (problems.size === 0) return;
  const where = root === "/" ? "" : ` under ${root}`;
  const errors = [...problems].map(([p, why]) =>
    new UserError(above.has(p)
      ? `Cannot trust '${p}', a parent of the root ${root}: ${why}; someone other than root and the user running system-manager could replace what is inside it`
      : why.endsWith(SHAPE)
        ? `Cannot use ${p === "/" ? root : `'${p}'${where}`}: ${why}`
        : `Cannot trust '${p}'${where}: ${why}; someone other than root and the user running system-manager could change what system-manager reads and activates (fix its owner and mode, e.g. chown root and chmod go-w)`),
  );
  throw errors.length === 1 ? errors[0] : new UserErrors(errors);
}

/**
 * Whether the program at `path` under `root` may be run as us (an /etc
 * file's check, run before anything is written): it and every directory
 * from the root down to it must be owned by root or us and writable by no
 * one else, and none a symlink, or another user could choose what runs.
 * Returns the problem, or undefined.
 */
export function untrustedProgram(root: string, path: string): string | undefined {
  const problems = new Map<string, string>();
  checkBelow(root, path, "file", problems);
  const [where, why] = [...problems][0] ?? [];
  return where === undefined ? undefined : `'${where}'${root === "/" ? "" : ` under ${root}`}: ${why}`;
}
