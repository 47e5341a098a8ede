/**
 * `system-manager register (--flake DIR[#NAME] | --config FILE | --store-path P) [--sudo]`:
 * builds the configuration (or takes a generation built already) and
 * makes it the profile's current generation without activating it, as
 * upstream's register; prints its store path. `generations` then shows it
 * current and the activated one active (../../activate/register.ts);
 * `switch --generation N` or `--store-path P` activates it.
 */
import type { Io } from "../io.ts";
import { FLAKE_INPUT_HELP } from "../flake-args.ts";
import { EVAL_SETTINGS_HELP } from "../eval-settings.ts";
import { targetCommand } from "./target-args.ts";
import { runRemotely } from "../remote-args.ts";

const HELP = `Usage: system-manager register (--config FILE | --flake DIR[#NAME] | --store-path P) [--root DIR] [--dry-run] [--sudo]
         [--impure] [--no-eval-cache] [--option NAME VALUE]...
         [--target-host [USER@]HOST[:PORT] [--ssh-option OPT]...]

Builds the configuration (or takes the generation built already at
--store-path P) and makes it the current generation of the profile,
without activating it: nothing in /etc, no user and no unit changes.
Prints its store path. 'generations' marks it current and the generation
still in effect active; 'switch --generation N' activates it.
--dry-run says what would be registered and changes nothing.
With --target-host, the generation is built here, copied to HOST (only
what it lacks) and registered there by its own engine.

${EVAL_SETTINGS_HELP}
${FLAKE_INPUT_HELP}`;

export async function register(argv0: readonly string[], io: Io): Promise<number> {
  const argv = await runRemotely("register", argv0, io);
  if (typeof argv === "number") return argv;
  const c = await targetCommand("register", argv, {}, HELP, io, "refuse");
  if (c === undefined) return 0;
  const { values, root, sudo, target, importFrom } = c;
  // A store path given is printed too, as upstream prints the path it registered.
  if (values["store-path"] !== undefined) io.stdout(`${root === "/" ? "" : root}${target.storePath}\n`);
  const { runActivation } = await import("../run-activation.ts");
  return runActivation({ root, target, sudo, importFrom, dryRun: values["dry-run"] === true, mode: "register" }, io);
}
