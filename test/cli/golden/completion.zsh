#compdef system-manager
# zsh completion for system-manager
# Load it now (after compinit):  source <(system-manager completion zsh)
# or for every shell: system-manager completion zsh > "${fpath[1]}/_system-manager"
_system_manager() {
    local -a out
    out=("${(@f)$("${~words[1]}" completion --complete zsh -- "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
    # "--flag=value" completes the value alone.
    [[ $PREFIX == --*=* ]] && compset -P '*='
    case $out[1] in
        files) _files ;;
        dirs) _files -/ ;;
        nospace) compadd -S '' -- "${(@)out[2,-1]}" ;;
        words) compadd -- "${(@)out[2,-1]}" ;;
    esac
}
if [[ $funcstack[1] == _system-manager ]]; then
    _system_manager "$@"
else
    compdef _system_manager system-manager
fi
