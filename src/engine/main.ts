/**
 * The activation engine a generation carries (bundled into one CommonJS
 * file, dist/engine.cjs, and copied into the store with the Node runtime it runs
 * on; see src/build/engine-store-paths.ts). Its commands:
 *
 *   activate --root DIR (--store-path P [--generation N] | --nothing) [--dry-run]
 *       activates a generation (or deactivates); what switch, rollback and
 *       deactivate run, as root or for a --root tree
 *   home-activate --generation G [--home DIR] [--store DIR] [--backup-ext EXT] [--any-user]
 *       activates a user's home as that user (what activate and home-unit run)
 *   home-unit --user U --home DIR --generation G --engine E
 *       what home-manager-<user>.service runs, as root: home-activate as
 *       the user, with the generations its links may stay in rooted, as
 *       activate does when systemd does not run the unit
 *
 * It runs with no checkout, npm cache or host node around: only this file,
 * Node's built-ins and the runtime. Output whose reader went away (the
 * switch that started it was killed) is dropped, so the activation still
 * runs to its end (bin/closed-output.js, as the launchers).
 */
import { UserError } from "../diagnostics/user-error.ts";
import { processIo, type Io } from "../cli/io.ts";
import { parseCommandArgs } from "../cli/parse-args.ts";
import { handleCliError } from "../cli/render-error.ts";
import { activateHere } from "../cli/activate-here.ts";
import { homeActivate } from "../cli/commands/home-activate.ts";
import { homeUnit } from "./home-unit-command.ts";
import { ACTIVATION_OPTIONS, parseActivation } from "../cli/activation-args.ts";
import { VERSION } from "../cli/version.ts";
import { dropClosedOutput } from "../../bin/closed-output.js";

const PROGRAM = "system-manager-engine";

async function activateCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs("activate", argv, ACTIVATION_OPTIONS, 0, PROGRAM);
  return activateHere(parseActivation(values, io.cwd), io);
}

const COMMANDS: Readonly<Record<string, (argv: readonly string[], io: Io) => Promise<number>>> = {
  activate: activateCommand,
  "home-activate": homeActivate,
  "home-unit": homeUnit,
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "--version") {
      io.stdout(`${PROGRAM} ${VERSION}\n`);
      return 0;
    }
    const run = command === undefined ? undefined : COMMANDS[command];
    if (run === undefined) throw new UserError(`Cannot run '${command ?? ""}': ${PROGRAM} runs ${Object.keys(COMMANDS).join(" or ")}`);
    return await run(rest, io);
  } catch (e) {
    return handleCliError(e, io.stderr);
  }
}

dropClosedOutput();
// No top-level await: the bundle is CommonJS (scripts/build.mjs).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
