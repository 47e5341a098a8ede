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
import { parseCommandArgs } from "../parse-args.ts";
import { checkRoot } from "../check-root.ts";
import { FLAKE_INPUT_HELP, FLAKE_INPUT_OPTIONS, takeOverrides } from "../flake-args.ts";
import { checkActivationRights } from "../privileges.ts";
import { EVAL_SETTING_OPTIONS, EVAL_SETTINGS_HELP, evalSettings, takeSettingPairs } from "../eval-settings.ts";
import { generationTarget } from "../generation-target.ts";

const HELP = `Usage: system-manager pre-populate [--config FILE | --flake DIR[#NAME] | --store-path P] [--root DIR] [--dry-run] [--sudo]
         [--ephemeral] [--impure] [--no-eval-cache] [--option NAME VALUE]...

Puts every file of the generation in place (users and groups, home
directories, /etc, unit files) and makes it the current generation, but
starts, stops and reloads no unit, runs no tmpfiles rules and activates
no home: they run at the next boot (or the next switch). For image
builds. Without a configuration or --store-path, the current generation.
Prints the generation's store path. --ephemeral writes /etc's entries
under /run, as switch --ephemeral. --dry-run prints the plan and changes
nothing.

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;

export async function prePopulate(argv: readonly string[], io: Io): Promise<number> {
  const { argv: rest0, overrides } = takeOverrides(argv, "pre-populate");
  const { argv: rest, options } = takeSettingPairs(rest0, "pre-populate");
  const { values } = parseCommandArgs("pre-populate", rest, {
    ...FLAKE_INPUT_OPTIONS,
    ...EVAL_SETTING_OPTIONS,
    config: { type: "string" },
    flake: { type: "string" },
    impure: { type: "boolean" },
    "no-eval-cache": { type: "boolean" },
    "store-path": { type: "string" },
    ephemeral: { type: "boolean" },
    root: { type: "string", default: "/" },
    "dry-run": { type: "boolean" },
    sudo: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const root = checkRoot(values.root as string, io.cwd);
  const settings = evalSettings(options, values, io.env, (w) => io.stderr(`warning: ${w}\n`));
  const sudo = values.sudo === true;
  checkActivationRights(root, sudo);
  const built = values.config !== undefined || values.flake !== undefined;
  const { target, importFrom } = await generationTarget("pre-populate", { ...values, overrideInput: overrides, settings }, root, sudo, io, "current");
  if (!built) io.stdout(`${root === "/" ? "" : root}${target.storePath}\n`);
  const { runActivation } = await import("../run-activation.ts");
  return runActivation({ root, target, sudo, importFrom, dryRun: values["dry-run"] === true, mode: "pre-populate", ephemeral: values.ephemeral === true }, io);
}
