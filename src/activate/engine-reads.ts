/**
 * The engine policy across home.json versions. A generation is activated
 * by its own engine (engine-of.ts), and its homes by that engine too. An
 * engine says which home.json versions it reads in lib/home-manifests
 * ("1 2"); one without that file, built before version 2, reads version 1
 * only, and would take the links of a version 2 home for files in the
 * way. So where a generation's engine cannot read a home generation that
 * is active now (a rollback to a generation built before version 2), the
 * active generation's engine activates it instead, when that one reads
 * them all; and an engine activating a generation whose own engine reads
 * fewer versions than itself runs that generation's home activations
 * itself (homeEngine). Either way the newer code reads both generations,
 * and the older format is still read (home-generation.ts).
 */
import { basename, dirname, resolve } from "node:path";
import { ENGINE_HOME_MANIFESTS, ENGINE_LIB } from "../build/engine-store-paths.ts";
import { HOME_MANIFEST_VERSION } from "../build/home-generation.ts";
import { isStorePath, STORE_DIR } from "../store/store-path.ts";
import type { ActivationTarget } from "./activate.ts";
import { engineOf } from "./engine-of.ts";
import { RootFs } from "./root-fs.ts";
import { readState } from "./state.ts";

/** The home.json versions the engine at store path `engine` reads. */
export function homeManifestsRead(fs: RootFs, engine: string): readonly number[] {
  const data = fs.readFileIfExists(`${engine}/${ENGINE_HOME_MANIFESTS}`);
  if (data === undefined) return [1];
  return data.toString("utf8").trim().split(/\s+/).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

/** Whether the engine at store path `engine` reads the home.json version this system-manager writes. */
function readsNewest(fs: RootFs, engine: string): boolean {
  return homeManifestsRead(fs, engine).includes(HOME_MANIFEST_VERSION);
}

/** The home.json versions of the home generations the state says are active (those that cannot be read are left out). */
export function activeHomeVersions(fs: RootFs): number[] {
  const versions = new Set<number>();
  for (const g of Object.values(readState(fs).homeGenerations)) {
    try {
      const data = fs.readFileIfExists(`${g}/home.json`);
      const v = data === undefined ? undefined : (JSON.parse(data.toString("utf8")) as { version?: unknown }).version;
      if (typeof v === "number") versions.add(v);
    } catch {
      // Not readable here: the activation reports it.
    }
  }
  return [...versions];
}

/**
 * Of the target's engine and the active generation's, the one to activate
 * with: the target's, unless it cannot read one of `active` (the active
 * homes' versions) and the active generation's engine can.
 */
export function chooseEngine(target: string | null, current: string | null, active: readonly number[], reads: (engine: string) => readonly number[]): string | null {
  if (target === null || current === null || target === current) return target;
  const readsAll = (e: string) => active.every((v) => reads(e).includes(v));
  return !readsAll(target) && readsAll(current) ? current : target;
}

/** The engine to activate `target` with (run-activation.ts): its own, or the active generation's where its own cannot read the active homes. */
export function activationEngine(root: string, target: ActivationTarget): string | null {
  const engine = engineOf(root, target);
  if (engine === null || target === "nothing") return engine;
  const fs = new RootFs(root);
  if (readsNewest(fs, engine)) return engine;
  let current: string | null;
  try {
    current = engineOf(root, "nothing");
  } catch {
    return engine;
  }
  return chooseEngine(engine, current, activeHomeVersions(fs), (e) => homeManifestsRead(fs, e));
}

/** The engine store path the script `script` (this process's, as its wrapper runs it) belongs to, when it is one in `fs`'s store. */
export function runningEngine(fs: RootFs, script: string | undefined = process.argv[1]): string | undefined {
  if (script === undefined || !script.endsWith(`/${ENGINE_LIB}`)) return undefined;
  const engine = `${STORE_DIR}/${basename(dirname(dirname(resolve(script))))}`;
  if (!isStorePath(engine) || !engine.includes("-system-manager-engine-")) return undefined;
  try {
    return fs.entry(`${engine}/${ENGINE_LIB}`).kind === "file" ? engine : undefined;
  } catch {
    return undefined;
  }
}

/** The engine a home activation of a generation with engine `engine` runs with: it, unless it reads fewer home.json versions than the running engine. */
export function homeEngine(fs: RootFs, engine: string | null, script?: string): string | null {
  if (engine === null || readsNewest(fs, engine)) return engine;
  const self = runningEngine(fs, script);
  return self !== undefined && readsNewest(fs, self) ? self : engine;
}
