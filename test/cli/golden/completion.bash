# bash completion for system-manager
# Load it now:  source <(system-manager completion bash)
# or for every shell: system-manager completion bash > /etc/bash_completion.d/system-manager
# (or ~/.local/share/bash-completion/completions/system-manager).
_system_manager() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local -a words=("${COMP_WORDS[@]:1:COMP_CWORD}")
    # After "--flag=" bash's current word is "=": the value typed so far is empty.
    if [[ $cur == "=" ]]; then
        words+=("")
    fi
    local -a out
    mapfile -t out < <("${COMP_WORDS[0]/#\~/$HOME}" completion --complete bash -- "${words[@]}" 2>/dev/null)
    COMPREPLY=()
    case ${out[0]} in
        files) compopt -o default ;;
        dirs) compopt -o dirnames ;;
        nospace) compopt -o nospace; COMPREPLY=("${out[@]:1}") ;;
        words) COMPREPLY=("${out[@]:1}") ;;
    esac
}
complete -F _system_manager system-manager
