/**
 * The bash and zsh completion scripts `completion bash|zsh` prints: thin
 * shims that hand the words typed to the program's hidden
 * `completion --complete bash|zsh -- WORD…` (its first line
 * is the mode, `words`, `nospace`, `files` or `dirs`, the others the
 * candidates) and give the shell its answer; files and directories are
 * the shell's own completion. The program is called as it was typed
 * (its first word), so a checkout's bin/ completes itself.
 */

export type Shell = "bash" | "zsh";
export const SHELLS: readonly Shell[] = ["bash", "zsh"];

/** The shell function's name: `_system_manager`. */
const functionName = (program: string) => `_${program.replaceAll("-", "_")}`;

function bash(program: string): string {
  const fn = functionName(program);
  return `# bash completion for ${program}
# Load it now:  source <(${program} completion bash)
# or for every shell: ${program} completion bash > /etc/bash_completion.d/${program}
# (or ~/.local/share/bash-completion/completions/${program}).
${fn}() {
    local cur=\${COMP_WORDS[COMP_CWORD]}
    local -a words=("\${COMP_WORDS[@]:1:COMP_CWORD}")
    # After "--flag=" bash's current word is "=": the value typed so far is empty.
    if [[ $cur == "=" ]]; then
        words+=("")
    fi
    local -a out
    mapfile -t out < <("\${COMP_WORDS[0]/#\\~/$HOME}" completion --complete bash -- "\${words[@]}" 2>/dev/null)
    COMPREPLY=()
    case \${out[0]} in
        files) compopt -o default ;;
        dirs) compopt -o dirnames ;;
        nospace) compopt -o nospace; COMPREPLY=("\${out[@]:1}") ;;
        words) COMPREPLY=("\${out[@]:1}") ;;
    esac
}
complete -F ${fn} ${program}
`;
}

function zsh(program: string): string {
  const fn = functionName(program);
  return `#compdef ${program}
# zsh completion for ${program}
# Load it now (after compinit):  source <(${program} completion zsh)
# or for every shell: ${program} completion zsh > "\${fpath[1]}/_${program}"
${fn}() {
    local -a out
    out=("\${(@f)$("\${~words[1]}" completion --complete zsh -- "\${(@Q)words[2,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null)}")
    # "--flag=value" completes the value alone.
    [[ $PREFIX == --*=* ]] && compset -P '*='
    case $out[1] in
        files) _files ;;
        dirs) _files -/ ;;
        nospace) compadd -S '' -- "\${(@)out[2,-1]}" ;;
        words) compadd -- "\${(@)out[2,-1]}" ;;
    esac
}
if [[ $funcstack[1] == _${program} ]]; then
    ${fn} "$@"
else
    compdef ${fn} ${program}
fi
`;
}

export function completionScript(shell: Shell, program: string): string {
  return shell === "bash" ? bash(program) : zsh(program);
}
