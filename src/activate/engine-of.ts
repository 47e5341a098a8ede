/**
 * Which engine activates a target, as system-manager chooses: a
 * generation's own (its manifest's `engine`), and for deactivation the
 * active generation's. Null when there is none (a generation built before
 * generations carried their engine, or nothing active): the caller then
 * activates in its own process. The engine must be in the root's store.
 * The policy across home.json versions is engine-reads.ts's.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { ActivationTarget } from "./activate.ts";
import { readManifest } from "./read-manifest.ts";
import { RootFs } from "./root-fs.ts";
import { readState } from "./state.ts";
import { parseStorePath } from "../store/store-path.ts";

export function engineOf(root: string, target: ActivationTarget): string | null {
  const fs = new RootFs(root);
  const storePath = target === "nothing" ? readState(fs).generation : target.storePath;
  if (storePath === null || storePath === "") return null;
  const engine = readManifest(fs, storePath).engine;
  if (engine === null) return null;
  parseStorePath(engine);
  if (fs.entry(engine).kind !== "dir") throw new UserError(`Cannot activate ${storePath}: its activation engine ${engine} is not in the store`);
  return engine;
}
