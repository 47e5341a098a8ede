/**
 * Reads a generation's manifest from the store under the root, checking
 * its version and the type of every field (a damaged or foreign manifest
 * is refused, naming each bad field, before anything is planned), and
 * migrating older versions: version 1 had no `engine` (such a generation
 * is activated by the running system-manager); versions 1 and 2 had no
 * `users[].defaulted` (every field of theirs is applied, as they were);
 * versions 1 to 3 had no `preActivationAssertions` (none is run).
 */
import { UserError } from "../diagnostics/user-error.ts";
import { DEFAULTED_FIELDS, MANIFEST_VERSION, type Manifest, type UserEntry } from "../build/manifest.ts";
import { parseStorePath } from "../store/store-path.ts";
import type { RootFs } from "./root-fs.ts";
import { UNIT_INFO_FIELDS } from "./state.ts";
import { absolutePath, boolean, integer, listOf, nullable, object, optional, recordOf, shapeProblems, string, type Shape } from "./check-shape.ts";

const packageRef = object({ attr: nullable(string), outPath: string });

const USER_FIELDS: Readonly<Record<string, Shape>> = {
  name: string,
  uid: nullable(integer),
  group: string,
  extraGroups: listOf(string),
  description: string,
  home: absolutePath,
  createHome: boolean,
  homeMode: string,
  shell: nullable(string),
  isSystemUser: boolean,
  isNormalUser: boolean,
  hashedPassword: nullable(string),
  hashedPasswordFile: nullable(string),
  password: nullable(string),
  initialPassword: nullable(string),
  initialHashedPassword: nullable(string),
  linger: boolean,
};

/** One of the passwd fields a user entry may leave to the host. */
const defaultedField: Shape = (v, at, problems) => {
  if (!(DEFAULTED_FIELDS as readonly unknown[]).includes(v)) problems.push(`${at} is ${JSON.stringify(v) ?? "missing"}, expected one of ${DEFAULTED_FIELDS.map((f) => JSON.stringify(f)).join(", ")}`);
};

const MANIFEST_FIELDS: Readonly<Record<string, Shape>> = {
  system: string,
  allowAnyDistro: boolean,
  userborn: boolean,
  etc: listOf(object({
    target: string,
    source: string,
    mode: string,
    uid: integer,
    gid: integer,
    user: string,
    group: string,
    replaceExisting: boolean,
    validate: optional(object({ command: listOf(string), origins: listOf(string) })),
  })),
  users: listOf(object(USER_FIELDS)),
  groups: listOf(object({ name: string, gid: nullable(integer), members: listOf(string) })),
  units: recordOf(object({ text: string, ...UNIT_INFO_FIELDS })),
  homes: recordOf(object({ generation: string, backupFileExtension: nullable(string), verbose: boolean })),
  profiles: optional(object({ system: string, users: recordOf(string) })),
  packages: object({ system: listOf(packageRef), users: recordOf(listOf(packageRef)) }),
};

const V3_FIELDS: Readonly<Record<string, Shape>> = { ...MANIFEST_FIELDS, engine: nullable(string), users: listOf(object({ ...USER_FIELDS, defaulted: listOf(defaultedField) })) };

const SHAPES: Readonly<Record<number, Shape>> = {
  1: object(MANIFEST_FIELDS),
  2: object({ ...MANIFEST_FIELDS, engine: nullable(string) }),
  3: object(V3_FIELDS),
  [MANIFEST_VERSION]: object({ ...V3_FIELDS, preActivationAssertions: listOf(object({ name: string, script: string, definedIn: listOf(string) })) }),
};

export function readManifest(fs: RootFs, storePath: string): Manifest {
  parseStorePath(storePath);
  const data = fs.readFileIfExists(`${storePath}/manifest.json`);
  if (data === undefined) throw new UserError(`Cannot activate ${storePath}: it has no manifest.json (is it a system-manager generation under this root?)`);
  let m: unknown;
  try {
    m = JSON.parse(data.toString("utf8"));
  } catch (e) {
    throw new UserError(`Cannot read ${storePath}/manifest.json: ${(e as Error).message}`);
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) throw new UserError(`Cannot read ${storePath}/manifest.json: it is not a JSON object`);
  const version = (m as { version?: unknown }).version;
  const shape = typeof version === "number" ? SHAPES[version] : undefined;
  if (shape === undefined) {
    throw new UserError(`Cannot activate ${storePath}: its manifest has version ${JSON.stringify(version)}, and this system-manager reads version ${MANIFEST_VERSION}`);
  }
  const problems = shapeProblems(m, shape);
  if (problems.length > 0) throw new UserError(`Cannot activate ${storePath}: its manifest.json is damaged: ${problems.join("; ")}`);
  if (version === MANIFEST_VERSION) return m as Manifest;
  return migrate(m as OlderManifest);
}

/** A manifest of version 1 (no engine), 2 (no users[].defaulted) or 3 (no preActivationAssertions). */
type OlderManifest = Omit<Manifest, "version" | "engine" | "users" | "preActivationAssertions"> & { engine?: string | null; users: (Omit<UserEntry, "defaulted"> & { defaulted?: UserEntry["defaulted"] })[] };

/** A version 1, 2 or 3 manifest as this version: no engine for version 1, no field left to the host before version 3, no assertion. */
function migrate(m: OlderManifest): Manifest {
  return { ...m, version: MANIFEST_VERSION, engine: m.engine ?? null, users: m.users.map((u) => ({ ...u, defaulted: u.defaulted ?? [] })), preActivationAssertions: [] };
}
