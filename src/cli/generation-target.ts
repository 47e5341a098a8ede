/**
 * Which generation an activating command (switch, register,
 * pre-populate) works on, from exactly one of: a configuration to build
 * (--config FILE | --flake DIR[#NAME]), a generation built already
 * (--store-path P, store-path-arg.ts), a numbered generation of the
 * profile (--generation N), or, where the command allows it, the
 * profile's current generation (upstream's pre-populate without
 * arguments). A build's store path is printed on stdout, as switch
 * always has. With --sudo, a normal user builds into a staging store
 * that the root activation imports from (`importFrom`).
 */
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";
import { stagingRoot, viaSudo } from "./privileges.ts";
import { resolveStorePath } from "./store-path-arg.ts";
import type { BuildArgs } from "./commands/build.ts";
import { expandHome, withDefaultFlake } from "./default-flake.ts";

export interface TargetValues extends BuildArgs {
  readonly "store-path"?: string | boolean;
  readonly generation?: string | boolean;
}

export interface GenerationTarget {
  readonly target: { readonly storePath: string; readonly generation?: number };
  readonly importFrom?: string;
}

export async function generationTarget(command: string, given0: TargetValues, root: string, sudo: boolean, io: Io, none: "refuse" | "current"): Promise<GenerationTarget> {
  // switch, as build, defaults to the flake in ~/.config/system-manager (upstream's), when nothing else is named.
  const values = command === "switch" && given0["store-path"] === undefined && given0.generation === undefined ? withDefaultFlake(given0, io) : typeof given0.flake === "string" ? { ...given0, flake: expandHome(given0.flake, io) } : given0;
  const given = [
    values.config !== undefined || values.flake !== undefined ? "a configuration (--config or --flake)" : undefined,
    values["store-path"] !== undefined ? "--store-path" : undefined,
    values.generation !== undefined ? "--generation" : undefined,
  ].filter((x) => x !== undefined);
  if (given.length > 1) throw new UserError(`Cannot ${command}: supply only one of ${given.join(", ")}.`);
  const staging = viaSudo(sudo) ? stagingRoot(io) : undefined;
  if (values["store-path"] !== undefined) {
    const r = resolveStorePath(String(values["store-path"]), root, io.cwd, staging);
    io.debug?.(`--store-path ${String(values["store-path"])}: ${r.storePath}${r.importFrom === undefined ? "" : ` (imported from ${r.importFrom})`}`);
    return r.importFrom === undefined ? { target: { storePath: r.storePath } } : { target: { storePath: r.storePath }, importFrom: r.importFrom };
  }
  if (values.generation !== undefined) {
    const { generationPath } = await import("./commands/switch.ts");
    return { target: { storePath: await generationPath(root, String(values.generation)), generation: Number(values.generation) } };
  }
  if (given.length === 0 && none === "current") return { target: await currentGeneration(command, root) };
  if (given.length === 0 && command !== "switch") throw new UserError(`Cannot ${command}: supply either a configuration (--flake DIR[#NAME] or --config FILE) or a store path (--store-path P).`);
  const { buildConfig } = await import("./commands/build.ts");
  const buildRoot = staging ?? root;
  if (buildRoot !== root) mkdirSync(buildRoot, { recursive: true });
  const storePath = await buildConfig(values, buildRoot, io);
  io.stdout(join(root, storePath) + "\n");
  return buildRoot === root ? { target: { storePath } } : { target: { storePath }, importFrom: buildRoot };
}

/** The profile's current generation (what upstream's engine reads from its profile link). */
async function currentGeneration(command: string, root: string): Promise<{ storePath: string; generation: number }> {
  const { RootFs } = await import("../activate/root-fs.ts");
  const { listGenerations } = await import("../activate/generations.ts");
  const cur = listGenerations(new RootFs(root), () => 0).find((g) => g.current);
  if (cur === undefined) throw new UserError(`Cannot ${command}: no generation is current on this root; supply a configuration (--flake or --config) or --store-path P`);
  return { storePath: cur.storePath, generation: cur.number };
}
