/**
 * Loads the modules of a configuration named on the command line: a
 * TypeScript file (--config) or a flake (--flake).
 */
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Lazy } from "../nix/value.ts";
import type { Io } from "./io.ts";

export function cacheDir(io: Io): string {
  const xdg = io.env.XDG_CACHE_HOME;
  if (xdg !== undefined && xdg.startsWith("/")) return join(xdg, "system-manager");
  const home = io.env.HOME ?? homedir();
  return home ? join(home, ".cache", "system-manager") : join(tmpdir(), "system-manager-cache");
}

export async function loadConfigModules(values: { config?: string | boolean; flake?: string | boolean }, io: Io): Promise<Lazy[]> {
  const { config, flake } = values;
  if ((config === undefined) === (flake === undefined)) {
    throw new UserError("Supply either a configuration file (--config FILE) or a flake (--flake DIR[#NAME]).");
  }
  if (flake !== undefined) {
    throw new UserError(`Cannot evaluate the flake '${String(flake)}': this build of system-manager reads TypeScript configurations (--config FILE.ts) only; the Nix evaluator comes with flake support`);
  }
  const { loadTsConfig } = await import("../config/load-ts-config.ts");
  const { modules } = await loadTsConfig(resolve(io.cwd, String(config)), { cacheDir: cacheDir(io) });
  return modules;
}
