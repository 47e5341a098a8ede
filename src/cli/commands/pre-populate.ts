/**
 * `system-manager pre-populate [--flake DIR[#NAME] | --config FILE | --store-path P] [--ephemeral] [--sudo]`:
 * puts a generation in place — users and groups, home directories, every
 * /etc entry, unit files — and makes it current, but starts, stops and
 * reloads no unit, runs no tmpfiles and activates no home, as upstream's
 * pre-populate (used in image builds: the units start at boot). Without a
 * configuration or store path, the profile's current generation. It is
 * the one activation (planner and executor) with units left out, so
 * --dry-run prints the very plan it applies.
 */
import type { Io } from "../io.ts";
import { FLAKE_INPUT_HELP } from "../flake-args.ts";
import { EVAL_SETTINGS_HELP } from "../eval-settings.ts";
import { targetCommand } from "./target-args.ts";
import { runRemotely } from "../remote-args.ts";

const HELP = `Usage: system-manager pre-populate [--config FILE | --flake DIR[#NAME] | --store-path P] [--root DIR] [--dry-run] [--sudo]
         [--ephemeral] [--impure] [--no-eval-cache] [--option NAME VALUE]...
         [--target-host [USER@]HOST[:PORT] [--ssh-option OPT]...]

Puts every file of the generation in place (users and groups, home
directories, /etc, unit files) and makes it the current generation, but
starts, stops and reloads no unit, runs no tmpfiles rules and activates
no home: they run at the next boot (or the next switch). For image
builds. Without a configuration or --store-path, the current generation.
Prints the generation's store path. --ephemeral writes /etc's entries
under /run, as switch --ephemeral. --dry-run prints the plan and changes
nothing. With --target-host (and a configuration or --store-path), the
generation is built here, copied to HOST (only what it lacks) and put in
place there by its own engine.

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;

/** pre-populate's options beside TARGET_OPTIONS (shell completion reads them too). */
export const PRE_POPULATE_EXTRA = { ephemeral: { type: "boolean" } } as const;

export async function prePopulate(argv0: readonly string[], io: Io): Promise<number> {
  const argv = await runRemotely("pre-populate", argv0, io);
  if (typeof argv === "number") return argv;
  const c = await targetCommand("pre-populate", argv, PRE_POPULATE_EXTRA, HELP, io, "current");
  if (c === undefined) return 0;
  const { values, root, sudo, target, importFrom } = c;
  const built = values.config !== undefined || values.flake !== undefined;
  if (!built) io.stdout(`${root === "/" ? "" : root}${target.storePath}\n`);
  const { runActivation } = await import("../run-activation.ts");
  return runActivation({ root, target, sudo, importFrom, dryRun: values["dry-run"] === true, mode: "pre-populate", ephemeral: values.ephemeral === true }, io);
}
