/**
 * Planning /etc (pure): from the managed state, the desired entries and
 * what is on disk, the steps that make /etc match the generation.
 *
 * Ownership rule: a path is removed or replaced only when what is there is
 * provably ours — a link to the target, or a copy with the hash, that the
 * state records for it or that an interrupted activation recorded as its
 * intent — or identical to what we would write. A file we do not own is
 * kept as `<path>.system-manager-backup` when its entry has
 * replaceExisting, and refused otherwise: the backup is a second name of
 * the file (a hard link), made before ours replaces it in one rename, so
 * the path is never without a file (a missing /etc/sudoers locks sudo).
 * A switch stopped between the two finds the path and its recorded backup
 * the same file, and goes on (or, leaving, drops the spare name). A managed file that differs from
 * both records is left alone and reported. Backups come back when their
 * entry leaves the configuration. Each step carries what it expects on
 * disk, and apply checks that again right before it writes.
 */
import type { Observations, Observed } from "../observe.ts";
import { ancestors } from "../observe.ts";
import type { ManagedFile, State } from "../state.ts";

export const BACKUP_SUFFIX = ".system-manager-backup";

export type DesiredFile =
  /** sha256 of the file the link leads to, to adopt an identical file; null when not needed (nothing there) or not wanted (the source is a link). */
  | { readonly kind: "symlink"; readonly target: string; readonly sha256: string | null }
  | { readonly kind: "copy"; readonly source: string; readonly sha256: string; readonly mode: string; readonly uid: number; readonly gid: number };

export interface DesiredEntry {
  readonly path: string;
  readonly file: DesiredFile;
  readonly replaceExisting: boolean;
}

export type EtcStep =
  /** `backup`: where the file there is kept first; `backedUp`: it is already (a switch stopped after keeping it). */
  | { readonly op: "create"; readonly path: string; readonly file: DesiredFile; readonly backup?: string; readonly backedUp?: true }
  /** `was`: the version of ours (or the identical file adopted) that planning saw there. */
  | { readonly op: "replace"; readonly path: string; readonly file: DesiredFile; readonly why: string; readonly was: ManagedFile }
  | { readonly op: "remove"; readonly path: string; readonly restore?: string; readonly was: ManagedFile }
  /** `over`: the path holds the backup's own file (its second name), which the rename replaces by itself. */
  | { readonly op: "restore"; readonly path: string; readonly backup: string; readonly over?: true }
  | { readonly op: "forget"; readonly path: string; readonly why: string }
  | { readonly op: "prune"; readonly path: string }
  | { readonly op: "refuse"; readonly path: string; readonly why: string };

export interface EtcPlan {
  readonly steps: readonly EtcStep[];
  /** Directories to create before adding files, outermost first. */
  readonly mkdirs: readonly string[];
  /** The managed files after the plan is applied. */
  readonly files: Readonly<Record<string, ManagedFile>>;
  /** The files of ours on disk now, each in the version seen (what the state records while apply runs). */
  readonly recorded: Readonly<Record<string, ManagedFile>>;
  /** What apply is about to write at each path: recorded as intents before its first write. */
  readonly intents: Readonly<Record<string, ManagedFile>>;
  /** Temporaries (`.#name.<hex>`) an interrupted write of ours left: removed by apply. */
  readonly temporaries: readonly string[];
  readonly backups: Readonly<Record<string, string>>;
  readonly directories: readonly string[];
}

export function managedFile(f: DesiredFile): ManagedFile {
  return f.kind === "symlink" ? { kind: "symlink", target: f.target } : { kind: "copy", sha256: f.sha256, mode: f.mode, uid: f.uid, gid: f.gid };
}

/** Is what is on disk the version `recorded` (same link target, or same content)? */
function isVersion(o: Observed, recorded: ManagedFile | undefined): boolean {
  if (o.kind === "symlink") return recorded?.kind === "symlink" && recorded.target === o.target;
  return o.kind === "file" && recorded?.kind === "copy" && recorded.sha256 === o.sha256;
}

/** The version of ours that is on disk at `path`: the recorded one or the intent of an interrupted activation. */
function oursThere(state: State, path: string, o: Observed): ManagedFile | undefined {
  const recorded = state.files[path];
  if (recorded !== undefined && isVersion(o, recorded)) return recorded;
  const intent = state.intents[path];
  return intent !== undefined && isVersion(o, intent) ? intent : undefined;
}

function observedCopy(o: Observed & { kind: "file" }): ManagedFile {
  return { kind: "copy", sha256: o.sha256 ?? "", mode: o.mode.toString(8).padStart(4, "0"), uid: o.uid, gid: o.gid };
}

/** Whether two observed paths hold the same file: a link to the same place, or the same content, mode and owner. */
export function sameFile(a: Observed, b: Observed): boolean {
  if (a.kind === "symlink") return b.kind === "symlink" && a.target === b.target;
  return a.kind === "file" && b.kind === "file" && a.sha256 !== undefined && a.sha256 === b.sha256 && a.mode === b.mode && a.uid === b.uid && a.gid === b.gid;
}

function matches(o: Observed, f: DesiredFile): boolean {
  if (f.kind === "symlink") return o.kind === "symlink" && o.target === f.target;
  return o.kind === "file" && o.sha256 === f.sha256 && o.mode === parseInt(f.mode, 8) && o.uid === f.uid && o.gid === f.gid;
}

const absent: Observed = { kind: "absent" };

/** Every path the state knows of: recorded, intended, or backed up. */
export function managedPaths(state: State): string[] {
  return [...new Set([...Object.keys(state.files), ...Object.keys(state.intents), ...Object.keys(state.backups)])].sort();
}

export function planEtc(state: State, desired: readonly DesiredEntry[], seen: Observations, temporaries: readonly string[] = []): EtcPlan {
  const at = (p: string) => seen.get(p) ?? absent;
  const steps: EtcStep[] = [];
  const wanted = new Map(desired.map((d) => [d.path, d]));
  const backups: Record<string, string> = {};
  const recorded: Record<string, ManagedFile> = {};
  const intents: Record<string, ManagedFile> = {};

  // Stale entries first: a crash after this point has removed only what the new generation does not want.
  for (const path of managedPaths(state)) {
    const o = at(path);
    const was = oursThere(state, path, o);
    if (was !== undefined) recorded[path] = was;
    if (wanted.has(path)) continue;
    const backup = state.backups[path];
    const restore = backup !== undefined && at(backup).kind !== "absent" ? backup : undefined;
    if (o.kind === "absent") {
      if (restore !== undefined) steps.push({ op: "restore", path, backup: restore });
    } else if (was !== undefined) {
      steps.push(restore === undefined ? { op: "remove", path, was } : { op: "remove", path, restore, was });
    } else if (restore !== undefined && sameFile(o, at(restore))) {
      // A switch stopped after keeping the file aside and before writing ours: the file there is the backup's own.
      steps.push({ op: "restore", path, backup: restore, over: true });
    } else if (state.files[path] === undefined && state.intents[path] === undefined) {
      // Only its backup is recorded (a crash between moving a file aside and writing ours): the file there is not ours.
      if (restore !== undefined) backups[path] = restore;
    } else {
      const why = backup !== undefined && restore === undefined ? "its backup was put back already, and the file there is not system-manager's" : "it was changed since system-manager wrote it, so it is left as it is";
      steps.push({ op: "forget", path, why });
      if (restore !== undefined) backups[path] = restore;
    }
  }

  for (const d of [...desired].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const o = at(d.path);
    const was = recorded[d.path];
    const oldBackup = state.backups[d.path];
    if (oldBackup !== undefined && at(oldBackup).kind !== "absent") backups[d.path] = oldBackup;
    if (matches(o, d.file)) {
      recorded[d.path] = managedFile(d.file);
      continue;
    }
    if (o.kind !== "dir" && o.kind !== "other") intents[d.path] = managedFile(d.file);
    if (o.kind === "absent") {
      steps.push({ op: "create", path: d.path, file: d.file });
    } else if (o.kind === "dir" || o.kind === "other") {
      steps.push({ op: "refuse", path: d.path, why: `it is ${o.kind === "dir" ? "a directory" : "not a regular file or symlink"}` });
    } else if (was !== undefined) {
      steps.push({ op: "replace", path: d.path, file: d.file, why: "changed", was });
    } else if (o.kind === "file" && d.file.sha256 !== null && o.sha256 === d.file.sha256) {
      steps.push({ op: "replace", path: d.path, file: d.file, why: "the file there has the same content: adopted", was: observedCopy(o) });
    } else if (!d.replaceExisting) {
      steps.push({
        op: "refuse",
        path: d.path,
        why: "it exists and is not managed by system-manager; remove it, or set replaceExisting = true to move it aside",
      });
    } else {
      const backup = d.path + BACKUP_SUFFIX;
      if (at(backup).kind === "absent") {
        steps.push({ op: "create", path: d.path, file: d.file, backup });
        backups[d.path] = backup;
      } else if (state.backups[d.path] === backup && sameFile(o, at(backup))) {
        // A switch stopped after keeping the file aside and before writing ours: the backup is made.
        steps.push({ op: "create", path: d.path, file: d.file, backup, backedUp: true });
        backups[d.path] = backup;
      } else {
        steps.push({ op: "refuse", path: d.path, why: `it is not managed by system-manager and its backup ${backup} already exists` });
      }
    }
  }

  const needed = new Set(desired.flatMap((d) => ancestors(d.path)));
  const mkdirs = [...needed].filter((dir) => at(dir).kind === "absent").sort();
  const directories = [...new Set([...state.directories, ...mkdirs])].filter((d) => needed.has(d)).sort();
  for (const dir of [...state.directories].filter((d) => !needed.has(d)).sort().reverse()) steps.push({ op: "prune", path: dir });

  const files: Record<string, ManagedFile> = {};
  for (const d of desired) files[d.path] = managedFile(d.file);
  return { steps, mkdirs, files, recorded, intents, temporaries, backups, directories };
}
