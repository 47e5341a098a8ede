/**
 * Applies an /etc plan. Order (each step atomic on its own):
 * stale entries are removed and their backups restored, then directories
 * are created, then files are backed up and added, then emptied
 * directories we created are pruned. A crash in between leaves only paths
 * that are either old-and-ours, new-and-ours, or untouched user files.
 */
import type { RootFs } from "./root-fs.ts";
import type { DesiredFile, EtcPlan } from "./plan/etc-plan.ts";

function put(fs: RootFs, path: string, file: DesiredFile): void {
  if (file.kind === "symlink") {
    fs.symlinkAtomic(path, file.target);
  } else {
    fs.writeFileAtomic(path, fs.readFile(file.source), { mode: parseInt(file.mode, 8), uid: file.uid, gid: file.gid });
  }
}

export function applyEtc(fs: RootFs, plan: EtcPlan, log: (line: string) => void): void {
  for (const s of plan.steps) {
    if (s.op === "remove") {
      // Restoring by rename replaces our file in one step; only then is nothing of ours left.
      if (s.restore !== undefined) fs.rename(s.restore, s.path);
      else fs.unlink(s.path);
      log(`removed ${s.path}${s.restore === undefined ? "" : ` (restored ${s.restore})`}`);
    } else if (s.op === "restore") {
      fs.rename(s.backup, s.path);
      log(`restored ${s.path} from ${s.backup}`);
    }
  }
  for (const dir of plan.mkdirs) fs.mkdirs(dir);
  for (const s of plan.steps) {
    if (s.op === "create") {
      // The old file is renamed, never copied: if we crash after the rename, the backup is complete.
      if (s.backup !== undefined) fs.rename(s.path, s.backup);
      put(fs, s.path, s.file);
      log(`created ${s.path}${s.backup === undefined ? "" : ` (kept the previous file as ${s.backup})`}`);
    } else if (s.op === "replace") {
      put(fs, s.path, s.file);
      log(`updated ${s.path}`);
    }
  }
  for (const s of plan.steps) if (s.op === "prune" && fs.rmdirIfEmpty(s.path)) log(`removed empty directory ${s.path}`);
}
