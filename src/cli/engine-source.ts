/**
 * Where this installation's activation engine comes from, for the
 * generations it builds: the bundled dist/engine.cjs beside the CLI, and
 * the Node binary running us (or $SYSTEM_MANAGER_NODE, the Node.js binary
 * generations should run their engine on).
 */
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UserError } from "../diagnostics/user-error.ts";
import type { EngineSource } from "../build/engine-store-paths.ts";
import type { Io } from "./io.ts";
import { cacheDir } from "./cache-dir.ts";
import { VERSION } from "./version.ts";

// Bundled, this module is in dist/ beside engine.cjs; run from src/ (tests), dist/ is two levels up.
const CANDIDATES = ["./engine.cjs", "../../dist/engine.cjs"];

export function engineScript(): string {
  for (const c of CANDIDATES) {
    const p = fileURLToPath(new URL(c, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new UserError(`Cannot find the activation engine (dist/engine.cjs) beside ${fileURLToPath(import.meta.url)}: run \`npm run build\``);
}

export function engineSource(io: Io): EngineSource {
  const node = io.env.SYSTEM_MANAGER_NODE;
  if (node !== undefined && node !== "" && statSync(node, { throwIfNoEntry: false })?.isFile() !== true) {
    throw new UserError(`Cannot use SYSTEM_MANAGER_NODE=${node}: it is not a file (point it at the Node.js binary generations should run their engine on, or unset it)`);
  }
  return { node: node !== undefined && node !== "" ? node : process.execPath, script: engineScript(), version: VERSION, cacheDir: cacheDir(io) };
}
