# babelfish, as system-manager's pkgs has it: reads POSIX shell code on
# standard input (home-manager's hm-session-vars.sh) and writes fish code
# that, each time it is sourced, runs that code in bash and sets the
# variables it exported, and erases those it unset, as sourcing it from a
# POSIX shell would. The real babelfish (a Go program Debian does not
# package) translates the code itself; running it instead keeps every
# construct bash knows ($HOME, ${PATH:+:}, `. file`, `return`) working,
# expanded at login rather than at build time. What the code prints goes
# to standard error. BASH_AT_LOGIN names the bash that runs it (set on the
# line above this one). Only bash's builtins are used here.
shopt -u patsub_replacement 2>/dev/null || true
IFS= read -r -d '' code || true
IFS= read -r -d '' template <<'EOF' || true
# Written by babelfish (system-manager): the shell code in quotes runs in
# bash; what it exports is set here, what it unsets erased.
for __sm_entry in ('@bash@' -c '
__sm_before=$(compgen -e)
__sm_run() { eval "$1"; }
__sm_run "$1" >&2
for __sm_n in $(compgen -e); do
  case $__sm_n in __sm_*) ;; *) printf "+%s=%s\0" "$__sm_n" "${!__sm_n}" ;; esac
done
for __sm_n in $__sm_before; do
  [ -n "${!__sm_n+x}" ] || printf "%s\0" "-$__sm_n"
done
' babelfish '@code@' | string split0)
    set -l __sm_name (string replace -r -- '(?s)=.*' '' $__sm_entry | string sub -s 2)
    switch $__sm_name
        case _ PWD OLDPWD SHLVL 'BASH_FUNC_*'
            continue
    end
    if string match -q -- '-*' $__sm_entry
        set -e $__sm_name
        continue
    end
    set -l __sm_value (string replace -r -- '^[^=]*=' '' $__sm_entry | string collect)
    if not set -q $__sm_name; or test "$$__sm_name" != "$__sm_value"
        set -gx $__sm_name $__sm_value
    end
end
EOF
# In fish's single quotes only \ and ' are special.
quote() {
  local s=${1//\\/\\\\}
  printf '%s' "${s//\'/\\\'}"
}
out=${template//@bash@/$(quote "$BASH_AT_LOGIN")}
out=${out//@code@/$(quote "$code")}
printf '%s' "$out"
