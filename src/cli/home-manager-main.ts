/**
 * The home-manager command line (standalone mode). This build knows its
 * usage; its commands arrive with home-manager support, and until then each
 * says so and exits 1 without touching anything.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { processIo, type Io } from "./io.ts";
import { renderUserError } from "./render-error.ts";

export const HOME_MANAGER_HELP = `Usage: home-manager <command> [options]

Manages a user's home environment (dotfiles, packages, programs).

Commands:
  switch        Build and activate a home configuration
  generations   List home generations
  rollback      Activate the previous home generation
  help          Show this help
`;

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout(HOME_MANAGER_HELP);
    return command === undefined ? 1 : 0;
  }
  const e = new UserError(
    `Cannot run 'home-manager ${command}': standalone home-manager is not available in this build; manage homes through system-manager's home-manager module`,
  );
  io.stderr(renderUserError(e) + "\n");
  return 1;
}
