/**
 * Loads the modules of a configuration named on the command line: a
 * TypeScript file (--config) or a flake (--flake).
 */
import { homedir, hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Lazy } from "../nix/value.ts";
import type { FileTree } from "../store/file-tree.ts";
import type { Io } from "./io.ts";

export function cacheDir(io: Io): string {
  const xdg = io.env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg.startsWith("/")) return join(xdg, "system-manager");
  const home = io.env.HOME ?? homedir();
  return home ? join(home, ".cache", "system-manager") : join(tmpdir(), "system-manager-cache");
}

/** A configuration's modules, ready for the build: with special arguments and store copies from a flake. */
export interface LoadedConfig {
  readonly modules: readonly Lazy[];
  readonly specialArgs: Readonly<Record<string, Lazy>>;
  readonly storeCopies: readonly { readonly name: string; readonly tree: FileTree }[];
}

export async function loadConfig(values: { config?: string | boolean; flake?: string | boolean }, io: Io): Promise<LoadedConfig> {
  const { config, flake } = values;
  if ((config === undefined) === (flake === undefined)) {
    throw new UserError("Supply either a configuration file (--config FILE) or a flake (--flake DIR[#NAME]).");
  }
  if (flake !== undefined) {
    const { loadFlakeSystem } = await import("../flake/flake-system.ts");
    const { hostSystem } = await import("./host.ts");
    return loadFlakeSystem(String(flake), { cwd: io.cwd, system: hostSystem(), hostname: hostname(), warn: (w) => io.stderr(`warning: ${w}\n`) });
  }
  const { loadTsConfig } = await import("../config/load-ts-config.ts");
  const { modules } = await loadTsConfig(resolve(io.cwd, String(config)), { cacheDir: cacheDir(io) });
  return { modules, specialArgs: {}, storeCopies: [] };
}

/** The modules alone (standalone home-manager takes no special arguments). */
export async function loadConfigModules(values: { config?: string | boolean; flake?: string | boolean }, io: Io): Promise<readonly Lazy[]> {
  return (await loadConfig(values, io)).modules;
}
