/**
 * `system-manager completion bash|zsh` and `home-manager completion
 * bash|zsh`: print the shell's completion script (../completion/). The
 * script calls back the hidden `completion --complete bash|zsh -- WORD…`,
 * which prints the mode and the candidates for the last WORD (bash's
 * words quoted as typed: shell-words.ts); an error there prints nothing
 * (a Tab never shows an error).
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
      const bash = argv[1] === "bash";
      const words = argv.slice(argv[2] === "--" ? 3 : 2);
      try {
        const { complete } = await import("../completion/complete.ts");
        const { completionSources } = await import("../completion/completion-sources.ts");
        const { quoteBashWord, unquoteBashWord } = await import("../completion/shell-words.ts");
        const c = await complete(bash ? words.map(unquoteBashWord) : words, await completionSources(program, io));
        io.stdout([c.mode, ...(bash ? c.candidates.map(quoteBashWord) : c.candidates)].join("\n") + "\n");
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
