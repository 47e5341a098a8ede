/**
 * Upstream's defaults for the flake of build and switch: `--flake` given
 * as `~/…` is under the home directory, and without --flake or --config
 * the flake is ~/.config/system-manager (where `init` writes one), when
 * there is a flake.nix there; else the configuration is still asked for.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { Io } from "./io.ts";

/** bin/build-ahead.js has a copy: test/cli/build-ahead.test.ts keeps them one. */
export const DEFAULT_FLAKE = "~/.config/system-manager";

/** `path` with a leading `~` (alone, or `~/…`) as the home directory. */
export function expandHome(path: string, io: Io): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  const home = io.env.HOME ?? homedir();
  if (home === "") throw new UserError(`Cannot use '${path}': there is no home directory (set HOME, or give the whole path)`);
  return home + path.slice(1);
}

export function withDefaultFlake<V extends { readonly config?: string | boolean; readonly flake?: string | boolean }>(values: V, io: Io): V {
  if (typeof values.flake === "string") return { ...values, flake: expandHome(values.flake, io) };
  if (values.config !== undefined) return values;
  const dir = expandHome(DEFAULT_FLAKE, io);
  if (!existsSync(join(dir, "flake.nix"))) return values;
  io.stderr(`Using the flake in ${dir} (upstream's default; --flake or --config for another)\n`);
  return { ...values, flake: dir };
}
