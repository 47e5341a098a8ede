/**
 * The state file: what system-manager manages on this root, so the next
 * activation knows what to remove and what to restore. Versioned; readers
 * migrate older versions explicitly. It always records what was really
 * done: apply writes it before a step with the union of old and new (so a
 * crash never forgets something we may have created) and after the last
 * step with exactly the new set.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { absolutePath, boolean, integer, listOf, literal, nullable, object, optional, recordOf, shapeProblems, string, tagged } from "./check-shape.ts";
import type { RootFs } from "./root-fs.ts";
import type { UnitInfo } from "../build/systemd/unit-info.ts";
import type { AdoptedUser } from "./users/adopted.ts";

export const STATE_DIR = "/var/lib/system-manager/state";
export const STATE_PATH = `${STATE_DIR}/system-manager-state.json`;
export const STATE_VERSION = 1;

/** How a managed /etc path was put there: a link to a store file, or a copy with a known hash. */
export type ManagedFile =
  | { readonly kind: "symlink"; readonly target: string }
  | { readonly kind: "copy"; readonly sha256: string; readonly mode: string; readonly uid: number; readonly gid: number };

/**
 * An activation that has begun writing and not completed: what it
 * activates (store path and generation number; "" and 0 for deactivate)
 * and the generation that was current before it (null: none). An
 * activation begun after an interrupted one keeps that one's `previous`,
 * the generation current when the last completed activation ended.
 * `linkTime` tells a stale record from a live one (see `interrupted` in
 * generations.ts).
 */
export interface InProgress {
  readonly storePath: string;
  readonly generation: number;
  readonly previous: { readonly number: number; readonly storePath: string } | null;
  /** When the current-generation link was last written, as this activation found it (microseconds; null: no link). */
  readonly linkTime: number | null;
}

export interface State {
  readonly version: typeof STATE_VERSION;
  /** The generation activated last (null after deactivate). */
  readonly generation: string | null;
  /** Managed paths under /etc (absolute target paths) and how each was made. */
  readonly files: Readonly<Record<string, ManagedFile>>;
  /** Managed path → where the file that was there before is kept. */
  readonly backups: Readonly<Record<string, string>>;
  /** Directories we created for managed files, to prune when they empty. */
  readonly directories: readonly string[];
  /** Users and groups we declared (created or took over). */
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Group name → members we added (removed again when the user is dropped). */
  readonly memberships: Readonly<Record<string, readonly string[]>>;
  /** Users we locked because they left the configuration (unlocked if they come back). */
  readonly locked: readonly string[];
  /**
   * Declared users that existed before we declared them → the fields we changed, as they were
   * (put back when they leave the configuration; see users/adopted.ts). Absent in files written
   * before it: read as {}, so every user in `users` then counts as one we created, as it did.
   */
  readonly adopted: Readonly<Record<string, AdoptedUser>>;
  /** Home directories (and their parents) we created, outermost first; deactivate removes those still empty. */
  readonly homes: readonly string[];
  /** User → the home generation last activated successfully for them. */
  readonly homeGenerations: Readonly<Record<string, string>>;
  /** The systemd units of the active generation, as the services planner compares them. */
  readonly units: Readonly<Record<string, UnitInfo>>;
  /**
   * Write-ahead intents: /etc path → what an activation is about to put
   * there, recorded before its first write and emptied by its last. After
   * a crash a path holding its recorded version or its intent is ours.
   * Files written before intents existed have none ({}, from emptyState).
   */
  readonly intents: Readonly<Record<string, ManagedFile>>;
  /** Units an activation stopped and has yet to start again (written before it stops them, emptied by its last write). */
  readonly stopped: readonly string[];
  /** The host's units that ran when a generation of ours masked or shadowed them: started again when none does (plan-services.ts). */
  readonly hostUnits: readonly string[];
  /** The activation in progress, recorded with the first write and cleared (null) by the last; absent in older files: null. */
  readonly inProgress: InProgress | null;
}

export const emptyState: State = {
  version: STATE_VERSION,
  generation: null,
  files: {},
  backups: {},
  directories: [],
  users: [],
  groups: [],
  memberships: {},
  locked: [],
  adopted: {},
  homes: [],
  homeGenerations: {},
  units: {},
  intents: {},
  stopped: [],
  hostUnits: [],
  inProgress: null,
};

const managedFile = tagged("kind", {
  symlink: { target: string },
  copy: { sha256: string, mode: string, uid: integer, gid: integer },
});

/** What planning keeps of a unit (UnitInfo); a manifest's unit adds its text (read-manifest.ts). */
export const UNIT_INFO_FIELDS = {
  sha256: string,
  masked: boolean,
  restartIfChanged: boolean,
  reloadIfChanged: boolean,
  stopIfChanged: boolean,
  stopOnRemoval: boolean,
  sockets: listOf(string),
  wantedBy: listOf(string),
};

const unitInfo = object(UNIT_INFO_FIELDS);

/**
 * Every field of version 1, checked on read: a field missing or of the
 * wrong type is refused (a state file without `backups` would silently
 * forget the files it keeps). Fields added while version 1 was current
 * (adopted, homes, homeGenerations, units, intents, stopped, hostUnits, inProgress) may be absent: a file written
 * before them is read with them empty, which is what it meant. Fields this
 * shape does not name are kept as they are.
 */
const STATE_SHAPE = object({
  version: literal(STATE_VERSION),
  generation: nullable(string),
  files: recordOf(managedFile, absolutePath),
  backups: recordOf(absolutePath, absolutePath),
  directories: listOf(absolutePath),
  users: listOf(string),
  groups: listOf(string),
  memberships: recordOf(listOf(string)),
  locked: listOf(string),
  adopted: optional(recordOf(object({ gid: optional(string), description: optional(string), home: optional(string), shell: optional(string), hash: optional(string) }))),
  homes: optional(listOf(absolutePath)),
  homeGenerations: optional(recordOf(string)),
  units: optional(recordOf(unitInfo)),
  intents: optional(recordOf(managedFile, absolutePath)),
  stopped: optional(listOf(string)),
  hostUnits: optional(listOf(string)),
  inProgress: optional(nullable(object({ storePath: string, generation: integer, previous: nullable(object({ number: integer, storePath: string })), linkTime: nullable(integer) }))),
});

export function readState(fs: RootFs): State {
  const data = fs.readFileIfExists(STATE_PATH);
  if (data === undefined) return emptyState;
  const file = fs.root === "/" ? STATE_PATH : `${STATE_PATH} (under ${fs.root})`;
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString("utf8"));
  } catch (e) {
    throw new UserError(`Cannot read the state file ${file}: it is not valid JSON (${(e as Error).message}); restore it or remove it to start over`);
  }
  return migrate(raw, file);
}

function migrate(raw: unknown, file: string): State {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new UserError(`Cannot read the state file ${file}: it is not a JSON object`);
  const version = (raw as { version?: unknown }).version;
  if (version !== STATE_VERSION) {
    throw new UserError(`Cannot read the state file ${file}: version ${JSON.stringify(version)} is not one this system-manager knows (it reads version ${STATE_VERSION})`);
  }
  const problems = shapeProblems(raw, STATE_SHAPE);
  if (problems.length > 0) {
    throw new UserError(`Cannot read the state file ${file}: it is damaged: ${problems.join("; ")}. Restore it, or remove it to start over (what it recorded is then forgotten)`);
  }
  return { ...emptyState, ...(raw as Partial<State>), version: STATE_VERSION };
}

export function writeState(fs: RootFs, state: State): void {
  fs.mkdirs(STATE_DIR);
  fs.writeFileAtomic(STATE_PATH, JSON.stringify(state, null, 2) + "\n", { mode: 0o644 });
}
