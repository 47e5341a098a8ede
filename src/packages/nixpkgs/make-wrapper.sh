# nixpkgs' makeWrapper (its shell wrapper), sourced by builders that wrap
# programs: `makeWrapper EXECUTABLE OUT ARGS…` writes OUT, a bash script
# (run by $stdenvShell) that sets the environment ARGS ask for and execs
# EXECUTABLE with the flags they add. ARGS as nixpkgs': --set VAR VAL,
# --set-default VAR VAL, --unset VAR, --prefix/--suffix VAR SEP VAL (an
# empty VAL adds nothing),
# --add-flags FLAGS, --append-flags FLAGS (inserted as written, so the
# wrapper splits them), --argv0 NAME, --inherit-argv0, --chdir DIR,
# --run COMMAND. wrapProgram PROG ARGS… wraps PROG in place.

makeWrapper() {
    local original="$1" wrapper="$2"
    shift 2
    local argv0="" before="" after="" q
    if [ ! -x "$original" ]; then
        echo "makeWrapper: cannot find executable file '$original'" >&2
        return 1
    fi
    {
        echo "#! $stdenvShell -e"
        while [ "$#" -gt 0 ]; do
            case "$1" in
                --set) echo "export $2=$(printf %q "$3")"; shift 3 ;;
                --set-default) echo "export $2=\${$2-$(printf %q "$3")}"; shift 3 ;;
                --unset) echo "unset $2"; shift 2 ;;
                --prefix | --suffix)
                    # An empty value adds nothing, as in nixpkgs (an empty PATH entry would be the current directory).
                    if [ -n "$4" ]; then
                        q="$(printf %q "$3")"
                        if [ "$1" = --prefix ]; then echo "$2=$(printf %q "$4")\${$2:+$q\$$2}"; else echo "$2=\${$2:+\$$2$q}$(printf %q "$4")"; fi
                        echo "export $2"
                    fi
                    shift 4 ;;
                --add-flags) before="$before $2"; shift 2 ;;
                --append-flags) after="$after $2"; shift 2 ;;
                --argv0) argv0="$(printf %q "$2")"; shift 2 ;;
                --inherit-argv0) argv0='"$0"'; shift ;;
                --chdir) echo "cd $(printf %q "$2")"; shift 2 ;;
                --run) echo "$2"; shift 2 ;;
                *) echo "makeWrapper: unknown argument '$1'" >&2; return 1 ;;
            esac
        done
        if [ -n "$argv0" ]; then
            echo "exec -a $argv0 $(printf %q "$original")$before \"\$@\"$after"
        else
            echo "exec $(printf %q "$original")$before \"\$@\"$after"
        fi
    } > "$wrapper"
    chmod +x "$wrapper"
}

wrapProgram() {
    local prog="$1"
    shift
    local hidden
    hidden="$(dirname "$prog")/.$(basename "$prog")-wrapped"
    mv "$prog" "$hidden"
    makeWrapper "$hidden" "$prog" --inherit-argv0 "$@"
}
