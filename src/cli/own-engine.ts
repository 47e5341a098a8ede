/**
 * Whether a generation's activation engine is this CLI's own: its script
 * byte for byte the dist/engine.cjs beside us, on a Node runtime of the
 * version running us. Such a generation is activated in this process (the
 * same code the engine would run, without a second Node start); any other
 * by its own engine (run-activation.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ActivationTarget } from "../activate/activate.ts";
import { engineOf } from "../activate/engine-of.ts";
import { ENGINE_BIN, ENGINE_LIB } from "../build/engine-store-paths.ts";
import { engineScript } from "./engine-source.ts";
import { sameBytes } from "./same-bytes.ts";

export function isOwnEngine(root: string, target: ActivationTarget): boolean {
  try {
    const engine = engineOf(root, target);
    if (engine === null) return false;
    const wrapper = readFileSync(join(root, engine, ENGINE_BIN), "utf8");
    if (!wrapper.includes(`-nodejs-${process.versions.node}/bin/node"`)) return false;
    return sameBytes(join(root, engine, ENGINE_LIB), engineScript());
  } catch {
    // Whatever cannot be read here is for the engine's own run to report.
    return false;
  }
}
