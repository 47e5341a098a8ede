/**
 * Reads a generation's manifest from the store under the root, checking
 * its version and the type of every field (a damaged or foreign manifest
 * is refused, naming each bad field, before anything is planned), and
 * migrating older versions: version 1 had no `engine` (such a generation
 * is activated by the running system-manager).
 */
import { UserError } from "../diagnostics/user-error.ts";
import { MANIFEST_VERSION, type Manifest } from "../build/manifest.ts";
import { parseStorePath } from "../store/store-path.ts";
import type { RootFs } from "./root-fs.ts";
import { UNIT_INFO_FIELDS } from "./state.ts";
import { absolutePath, boolean, integer, listOf, nullable, object, optional, recordOf, shapeProblems, string, type Shape } from "./check-shape.ts";

const packageRef = object({ attr: nullable(string), outPath: string });

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
  users: listOf(object({
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
  })),
  groups: listOf(object({ name: string, gid: nullable(integer), members: listOf(string) })),
  units: recordOf(object({ text: string, ...UNIT_INFO_FIELDS })),
  homes: recordOf(object({ generation: string, backupFileExtension: nullable(string), verbose: boolean })),
  profiles: optional(object({ system: string, users: recordOf(string) })),
  packages: object({ system: listOf(packageRef), users: recordOf(listOf(packageRef)) }),
};

const SHAPES: Readonly<Record<number, Shape>> = {
  1: object(MANIFEST_FIELDS),
  [MANIFEST_VERSION]: object({ ...MANIFEST_FIELDS, engine: nullable(string) }),
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
  if (version === 1) return { ...(m as Omit<Manifest, "version" | "engine">), version: MANIFEST_VERSION, engine: null };
  return m as Manifest;
}
