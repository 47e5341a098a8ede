/**
 * Applies an /etc plan. Order (each step atomic on its own): temporaries
 * an interrupted write left are removed, stale entries are removed and
 * their backups restored, then directories are created, then files are
 * backed up (a second name, a hard link) and added (renamed over the
 * path, which so never lacks a file), then emptied directories we created
 * are pruned.
 * Right before each write the path is checked to hold what planning saw
 * (ours, in the version it saw, or nothing); one that changed meanwhile is
 * left alone and reported. Every file written was recorded as an intent
 * before the first write (see apply.ts), so a crash in between leaves only
 * paths that are old-and-ours, new-and-ours, or untouched user files.
 */
import type { RootFs } from "./root-fs.ts";
import { sameFile, type DesiredFile, type EtcPlan } from "./plan/etc-plan.ts";
import type { ManagedFile } from "./state.ts";
import { observePaths, sha256, type Observed } from "./observe.ts";

/** A path apply left alone because it changed after planning. */
export interface LeftAlone {
  readonly path: string;
  readonly why: string;
}

function put(fs: RootFs, path: string, file: DesiredFile): void {
  if (file.kind === "symlink") fs.symlinkAtomic(path, file.target);
  else fs.writeFileAtomic(path, fs.readFile(file.source), { mode: parseInt(file.mode, 8), uid: file.uid, gid: file.gid });
}

/** Does `path` still hold `expected` (a version of ours, compared by link target or content hash), or nothing? */
function holds(fs: RootFs, path: string, expected: ManagedFile | "nothing"): boolean {
  const e = fs.entry(path);
  if (expected === "nothing") return e.kind === "absent";
  if (expected.kind === "symlink") return e.kind === "symlink" && e.target === expected.target;
  return e.kind === "file" && sha256(fs.readFile(path)) === expected.sha256;
}

/** Do `a` and `b` still hold the same file (a stopped switch's path and its backup), as planning judged it? */
function sameFiles(fs: RootFs, a: string, b: string): boolean {
  const seen = observePaths(fs, [a, b]);
  return sameFile(seen.get(a) as Observed, seen.get(b) as Observed);
}

export function applyEtc(fs: RootFs, plan: EtcPlan, log: (line: string) => void): LeftAlone[] {
  const left: LeftAlone[] = [];
  const check = (path: string, expected: ManagedFile | "nothing", what: string): boolean => {
    if (holds(fs, path, expected)) return true;
    left.push({ path, why: `it changed while the switch was running, so it was not ${what}` });
    log(`left ${path} alone: it changed while the switch was running`);
    return false;
  };
  for (const t of plan.temporaries) {
    fs.unlink(t);
    log(`removed ${t} (left by an interrupted write)`);
  }
  for (const s of plan.steps) {
    if (s.op === "remove") {
      if (!check(s.path, s.was, "removed")) continue;
      // Restoring by rename replaces our file in one step; only then is nothing of ours left.
      if (s.restore !== undefined) fs.rename(s.restore, s.path);
      else fs.unlink(s.path);
      log(`removed ${s.path}${s.restore === undefined ? "" : ` (restored ${s.restore})`}`);
    } else if (s.op === "restore") {
      if (s.over === true ? !sameFiles(fs, s.path, s.backup) : !check(s.path, "nothing", `restored from ${s.backup}`)) continue;
      fs.rename(s.backup, s.path);
      // Two names of one file: rename leaves both (POSIX), and the path already holds the file.
      if (s.over === true && fs.entry(s.backup).kind !== "absent") fs.unlink(s.backup);
      log(`restored ${s.path} from ${s.backup}`);
    }
  }
  for (const dir of plan.mkdirs) fs.mkdirs(dir);
  for (const s of plan.steps) {
    if (s.op === "create") {
      // The old file gets a second name, never a copy, and ours then replaces it in one rename: the path always holds a file.
      if (s.backup !== undefined && s.backedUp !== true) {
        if (!holds(fs, s.backup, "nothing")) {
          left.push({ path: s.path, why: `${s.backup} appeared while the switch was running, so the file there was not moved aside` });
          log(`left ${s.path} alone: ${s.backup} appeared while the switch was running`);
          continue;
        }
        fs.link(s.path, s.backup);
      } else if (s.backup !== undefined && !sameFiles(fs, s.path, s.backup)) {
        left.push({ path: s.path, why: `it is no longer the file kept as ${s.backup}, so it was not replaced` });
        log(`left ${s.path} alone: it changed while the switch was running`);
        continue;
      } else if (s.backup === undefined && !check(s.path, "nothing", "created")) continue;
      put(fs, s.path, s.file);
      log(`created ${s.path}${s.backup === undefined ? "" : ` (kept the previous file as ${s.backup})`}`);
    } else if (s.op === "replace") {
      if (!check(s.path, s.was, "replaced")) continue;
      put(fs, s.path, s.file);
      log(`updated ${s.path}`);
    }
  }
  for (const s of plan.steps) if (s.op === "prune" && fs.rmdirIfEmpty(s.path)) log(`removed empty directory ${s.path}`);
  return left;
}
