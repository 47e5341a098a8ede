/**
 * Reads a generation's manifest from the store under the root, checking
 * its version and migrating older ones: version 1 had no `engine` (such a
 * generation is activated by the running system-manager).
 */
import { UserError } from "../diagnostics/user-error.ts";
import { MANIFEST_VERSION, type Manifest } from "../build/manifest.ts";
import { parseStorePath } from "../store/store-path.ts";
import type { RootFs } from "./root-fs.ts";

export function readManifest(fs: RootFs, storePath: string): Manifest {
  parseStorePath(storePath);
  const data = fs.readFileIfExists(`${storePath}/manifest.json`);
  if (data === undefined) throw new UserError(`Cannot activate ${storePath}: it has no manifest.json (is it a system-manager generation under this root?)`);
  let m: { version?: unknown };
  try {
    m = JSON.parse(data.toString("utf8")) as { version?: unknown };
  } catch (e) {
    throw new UserError(`Cannot read ${storePath}/manifest.json: ${(e as Error).message}`);
  }
  if (m.version === 1) return { ...(m as Omit<Manifest, "version" | "engine">), version: MANIFEST_VERSION, engine: null };
  if (m.version !== MANIFEST_VERSION) {
    throw new UserError(`Cannot activate ${storePath}: its manifest has version ${JSON.stringify(m.version)}, and this system-manager reads version ${MANIFEST_VERSION}`);
  }
  return m as Manifest;
}
