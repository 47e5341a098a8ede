/**
 * Planning a home activation (pure): home-manager's checkLinkTargets,
 * cleanOldGen and linkNewGen decisions, made before the write boundary.
 *
 * A path in $HOME is ours when it is a link into a home generation's
 * home-files, or a link naming a file at the top of the store straight (a
 * text file's, home.json version 2: home-generation.ts). Going from generation A to B: links of A not in B are
 * removed (only if still ours; for those already gone, only their emptied
 * directories), then B's links are made (FA → FA∩FB → FB,
 * so a crash never loses a link both share). A link into an older
 * generation the caller says is kept in the store (see keep and
 * home-roots.ts), whose file the new generation has unchanged, is left as
 * it is. A directory of old links
 * cleanup empties (a file that became a directory, going back) is no
 * obstacle. A file in the way is moved to
 * `<file>.<ext>` with a backup extension, is kept when identical, and is
 * otherwise a collision: every collision is reported and nothing changes.
 */
import { isStorePath, STORE_DIR } from "../../store/store-path.ts";
import type { HomeFile } from "../../build/home-generation.ts";
import type { Observed } from "../observe.ts";

export type HomeStep =
  | { readonly op: "remove"; readonly target: string }
  /** An old target already gone (a failed activation never linked it): only its emptied directories are removed. */
  | { readonly op: "prune"; readonly target: string }
  | { readonly op: "skip-remove"; readonly target: string; readonly why: string }
  | { readonly op: "backup"; readonly target: string; readonly to: string }
  | { readonly op: "link"; readonly target: string; readonly to: string; readonly replace: boolean }
  | { readonly op: "keep-identical"; readonly target: string };

export interface HomePlanInput {
  /** The new generation's files and where their links point (as the home's filesystem sees it). */
  readonly files: readonly HomeFile[];
  readonly linkTo: (target: string) => string;
  /** The previous generation's files, if there is one. */
  readonly oldFiles: readonly HomeFile[];
  /** What is at each target (and at its backup path), and each new file's content hash. */
  readonly seen: (path: string) => Observed;
  readonly newHash: (target: string) => string | undefined;
  /**
   * The content hashes the target has (undefined where it is no file): what
   * is there now (through links into the store) and, when a killed activation
   * already relinked it, what the last completed one left, so that its
   * onChange runs again rather than not at all.
   */
  readonly currentHashes: (target: string) => readonly (string | undefined)[];
  /** The names in a directory of the home (to tell whether cleanup empties it); undefined when it cannot be read. */
  readonly list: (dir: string) => readonly string[] | undefined;
  /** Problems found while looking (e.g. a target under a symlinked directory). */
  readonly lookErrors: ReadonlyMap<string, string>;
  readonly backupExtension: string | null;
  readonly home: string;
  /**
   * The older generation a link at `target` (pointing at `linkTarget`) may
   * stay in, its file being the new one's, or undefined when it is relinked
   * (see keptIn). Absent: every link is relinked.
   */
  readonly keep?: (target: string, linkTarget: string) => string | undefined;
}

export interface HomePlan {
  readonly steps: readonly HomeStep[];
  readonly collisions: readonly string[];
  readonly warnings: readonly string[];
  /** Targets whose content changes (for onChange). */
  readonly changed: ReadonlySet<string>;
  /** The older generations (as links name them) links are left in, their files unchanged in the new one. */
  readonly keptIn: ReadonlySet<string>;
}

const OURS = new RegExp(`^(.*)?${STORE_DIR.replaceAll("/", "\\/")}\\/[0-9a-z]{32}-home-manager-generation\\/home-files\\/`);

export function isOurLink(o: Observed): boolean {
  if (o.kind !== "symlink") return false;
  // After what links add before store paths (a prefix), a store path itself: a file linked straight.
  const at = o.target.lastIndexOf(`${STORE_DIR}/`);
  return OURS.test(o.target) || (at >= 0 && isStorePath(o.target.slice(at)));
}

export function planHome(input: HomePlanInput): HomePlan {
  const steps: HomeStep[] = [];
  const collisions: string[] = [];
  const warnings: string[] = [];
  const changed = new Set<string>();
  const keptIn = new Set<string>();
  const abs = (t: string) => `${input.home}/${t}`;
  const wanted = new Set(input.files.map((f) => f.target));
  const removed = new Set(input.oldFiles.filter((f) => !wanted.has(f.target)).map((f) => f.target));

  for (const f of input.oldFiles) {
    if (wanted.has(f.target)) continue;
    const o = input.seen(f.target);
    if (o.kind === "absent") steps.push({ op: "prune", target: f.target });
    else if (isOurLink(o)) steps.push({ op: "remove", target: f.target });
    else {
      const why = `Path '${abs(f.target)}' does not link into a Home Manager generation. Skipping delete.`;
      steps.push({ op: "skip-remove", target: f.target, why });
      warnings.push(why);
    }
  }

  for (const f of input.files) {
    const problem = input.lookErrors.get(f.target);
    if (problem !== undefined) {
      collisions.push(problem);
      continue;
    }
    const o = input.seen(f.target);
    const to = input.linkTo(f.target);
    // As home-manager's checkFilesChanged (a missing target counts as changed), against each content the target had.
    if (f.onChange !== "") {
      const hash = input.newHash(f.target);
      if (input.currentHashes(f.target).some((h) => h === undefined || h !== hash)) changed.add(f.target);
    }
    if (o.kind === "symlink" && o.target === to) continue;
    const kept = o.kind === "symlink" && input.keep !== undefined ? input.keep(f.target, o.target) : undefined;
    if (kept !== undefined) {
      keptIn.add(kept);
      continue;
    }
    if (o.kind === "absent" || isOurLink(o)) {
      steps.push({ op: "link", target: f.target, to, replace: o.kind !== "absent" });
    } else if (o.kind === "dir" && emptiedByCleanup(input, f.target, removed)) {
      // A directory of an older generation's links (one that had files in it here): cleanup removes it first.
      steps.push({ op: "link", target: f.target, to, replace: false });
    } else if (o.kind === "dir") {
      collisions.push(`Existing directory '${abs(f.target)}' is in the way of a managed ${f.kind === "directory" ? "directory" : "file"}`);
    } else if (f.force) {
      steps.push({ op: "link", target: f.target, to, replace: true });
    } else if (o.kind === "file" && o.sha256 !== undefined && o.sha256 === input.newHash(f.target)) {
      warnings.push(`Existing file '${abs(f.target)}' is in the way of '${to}', will be skipped since they are the same`);
      steps.push({ op: "keep-identical", target: f.target });
      changed.delete(f.target);
    } else if (o.kind !== "symlink" && input.backupExtension !== null) {
      const backup = `${f.target}.${input.backupExtension}`;
      if (input.seen(backup).kind !== "absent") {
        collisions.push(`Existing file '${abs(backup)}' would be clobbered by backing up '${abs(f.target)}'`);
      } else {
        warnings.push(`Existing file '${abs(f.target)}' is in the way of '${to}', will be moved to '${abs(backup)}'`);
        steps.push({ op: "backup", target: f.target, to: backup }, { op: "link", target: f.target, to, replace: false });
      }
    } else {
      collisions.push(`Existing file '${abs(f.target)}' would be clobbered`);
    }
  }
  return { steps, collisions, warnings, changed, keptIn };
}

const TEMPORARY = /^\.#(.+)\.[0-9a-f]{12}$/;

/**
 * Whether cleanup leaves no directory at `dir`: it is above an old target
 * cleanup removes, and holds only such targets' links (or the temporaries
 * of a killed write of one) and directories cleanup empties in turn.
 */
function emptiedByCleanup(input: HomePlanInput, dir: string, removed: ReadonlySet<string>): boolean {
  const names = [...removed].some((t) => t.startsWith(dir + "/")) ? input.list(dir) : undefined;
  if (names === undefined) return false;
  return names.every((name) => {
    const child = `${dir}/${name}`;
    if (removed.has(child)) return isOurLink(input.seen(child));
    const temporary = TEMPORARY.exec(name);
    if (temporary !== null && removed.has(`${dir}/${temporary[1]}`)) return input.seen(child).kind === "symlink";
    return input.seen(child).kind === "dir" && emptiedByCleanup(input, child, removed);
  });
}

export function collisionMessage(collisions: readonly string[]): string {
  return (
    collisions.join("\n") +
    "\n\nPlease do one of the following:\n" +
    "- Move or remove the above files and try again.\n" +
    "- In standalone mode, use 'home-manager switch -b backup' to back up\n  files automatically.\n" +
    "- When used as a NixOS or system-manager module, set\n    'home-manager.backupFileExtension'\n  to, for example, 'backup' and switch again.\n" +
    "- Set 'force = true' on the file's entry to replace it."
  );
}
