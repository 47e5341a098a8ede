/**
 * `system-manager completion bash|zsh` and `home-manager completion
 * bash|zsh`: print the shell's completion script (../completion/). The
 * script calls back the hidden `completion --complete -- WORD…`, which
 * prints the mode and the candidates for the last WORD; an error there
 * prints nothing (a Tab never shows an error).
 */
import type { Io } from "../io.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { parseCommandArgs } from "../parse-args.ts";
import { completionScript, SHELLS, type Shell } from "../completion/completion-scripts.ts";
import type { Program } from "../completion/completion-job.ts";

const help = (program: Program) => `Usage: ${program} completion bash|zsh

Prints the shell's completion script: commands, their flags, files and
directories for --config, --flake, --root, the configurations of a flake
after --flake DIR#, and option paths after 'option'. Load it now:
  source <(${program} completion bash)
or install it for every shell:
  ${program} completion bash > /etc/bash_completion.d/${program}
  ${program} completion zsh > "\${fpath[1]}/_${program}"
`;

export function completionCommand(program: Program) {
  return async (argv: readonly string[], io: Io): Promise<number> => {
    if (argv[0] === "--complete") {
      const words = argv[1] === "--" ? argv.slice(2) : argv.slice(1);
      try {
        const { complete } = await import("../completion/complete.ts");
        const { completionSources } = await import("../completion/completion-sources.ts");
        const c = await complete(words, await completionSources(program, io));
        io.stdout([c.mode, ...c.candidates].join("\n") + "\n");
      } catch {
        // Nothing to offer.
      }
      return 0;
    }
    const { values, positionals } = parseCommandArgs("completion", argv, { help: { type: "boolean", short: "h" } }, 1, program);
    if (values.help === true) {
      io.stdout(help(program));
      return 0;
    }
    const shell = positionals[0];
    if (shell === undefined || !SHELLS.includes(shell as Shell)) {
      throw new UserError(`Cannot print a completion script${shell === undefined ? "" : ` for '${shell}'`}: name the shell, ${SHELLS.join(" or ")} (${program} completion bash)`);
    }
    io.stdout(completionScript(shell as Shell, program));
    return 0;
  };
}
