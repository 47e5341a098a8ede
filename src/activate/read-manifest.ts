/**
 * Reads a generation's manifest from the store under the root, checking
 * its version (older versions would be migrated here).
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
  if (m.version !== MANIFEST_VERSION) {
    throw new UserError(`Cannot activate ${storePath}: its manifest has version ${JSON.stringify(m.version)}, and this system-manager reads version ${MANIFEST_VERSION}`);
  }
  return m as Manifest;
}
