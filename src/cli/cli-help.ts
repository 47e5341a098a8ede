/**
 * system-manager's own help (no command, `help`, `--help`, `-h`) and
 * `--version`, answered alike by the whole CLI (main.ts) and the activation
 * CLI (activation-main.ts).
 */
import type { Io } from "./io.ts";
import { VERSION } from "./version.ts";

export const HELP = `Usage: system-manager <command> [options]

Declarative configuration of a Linux host and its users' homes.

Commands:
  init          Write a new configuration (system.nix, flake.nix) into PATH
                (default ~/.config/system-manager)
  build         Evaluate the configuration and write a generation into the store;
                prints its path as the last line
  switch        Build and activate (users, homes, /etc, a new generation)
  register      Build and make it the current generation without activating it
  pre-populate  Put a generation's files in place without starting units (images)
  generations   List the generations
  rollback      Activate the previous generation
  deactivate    Remove everything system-manager manages (users it created are locked)
  deploy        Deploy a fleet (a flake's deploy.nodes) over ssh: canaries first, health
                checks, a failed host rolled back; a table of results
  eval          Evaluate a Nix expression, file or flake attribute and print it
  option        Show an option (value, default, type, description, where declared
                and defined) or list the options below a PATH
  options       List every option; --json: the whole tree as NixOS's options.json
  docs          Write the manual: a searchable HTML options reference and the guides
                (--out DIR, default ./system-manager-manual); prints its index.html
  update        Re-resolve the packages pinned in system-manager.lock
  flake         lock | update [INPUT…] | metadata: the flake's inputs and flake.lock
  gc            Remove store paths no generation refers to (--dry-run to list them)
  completion    bash | zsh: print the shell's completion script
                (source <(system-manager completion bash))
  help          Show this help

Common options:
  --config FILE         a TypeScript configuration (default export: defineConfig(…))
  --flake DIR[#NAME]    a flake's systemConfigs.<NAME> (default: the hostname, then "default");
                        build and switch without one: ~/.config/system-manager
  --root DIR            the target root; the store is under it (default: /)
  --store-path P        a generation built already (switch, register, pre-populate;
                        deactivate: whose engine deactivates)
  --dry-run             print the plan and change nothing (switch, register,
                        pre-populate, rollback, deactivate)
  --ephemeral           write /etc's entries under /run: gone after a reboot
                        (switch, pre-populate)
  --sudo                activate through sudo; build as yourself
  --option NAME VALUE   a Nix setting (eval, build, switch, register, pre-populate):
                        abort-on-warn, max-call-depth, show-trace, lint-…-literals; each
                        also as --NAME VALUE (--abort-on-warn, --max-call-depth N)

Global options (before or after the command):
  -v, --verbose         debug lines on stderr: the planner's decisions, the
                        commands run
  --nix-option NAME VALUE
                        as --option NAME VALUE (repeatable)
  --ask-sudo-password   ask for sudo's password once, here (implies --sudo)
  --target-host [USER@]HOST[:PORT]
                        build here, copy what HOST lacks over ssh and run the
                        generation's engine there (switch, build, register,
                        pre-populate, deactivate)
  --ssh-option OPT      an ssh option for --target-host (repeatable; split on spaces)

Run 'system-manager <command> --help' for a command's options.
`;

/** Prints the help or the version when `command` asks for it (none: the help, exit 1); its exit code, else undefined. */
export function helpOrVersion(command: string | undefined, io: Io): number | undefined {
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === "--version") {
    io.stdout(`system-manager ${VERSION}\n`);
    return 0;
  }
  return undefined;
}
