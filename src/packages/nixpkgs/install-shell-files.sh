# installShellFiles' commands, as nixpkgs' setup hook defines them.
#
#   installManPage PAGE…   each page into $out/share/man/man<section>/, the
#                          section being its last suffix (before .gz)
#   installShellCompletion [--cmd NAME] [--bash|--zsh|--fish] [--name NAME] FILE…
#                          each completion into bash-completion/completions,
#                          zsh/site-functions (as _NAME) or
#                          fish/vendor_completions.d (as NAME.fish) under
#                          $out/share; the shell is the flag before the
#                          file, else the file's suffix
#   installBin FILE…       each file into $out/bin, executable

installManPage() {
  local path base trimmed section
  for path in "$@"; do
    if [ -z "$path" ]; then
      echo "installManPage: path cannot be empty" >&2
      return 1
    fi
    base="$(basename "$path")"
    if [[ "$base" =~ ^[0-9a-df-np-sv-z]{32}- ]]; then base="${base:33}"; fi
    trimmed="${base%.gz}"
    section="${trimmed##*.}"
    if [ -z "$section" ] || [ "$section" = "$trimmed" ]; then
      echo "installManPage: path missing manpage section suffix: $path" >&2
      return 1
    fi
    install -D --mode=644 --no-target-directory -- "$path" "$out/share/man/man$section/$base"
  done
}

installShellCompletion() {
  local shell="" name="" cmd="" arg base dest
  while [ "$#" -gt 0 ]; do
    arg="$1"
    shift
    case "$arg" in
      --bash|--zsh|--fish) shell="${arg#--}" ;;
      --name) name="$1"; shift ;;
      --name=*) name="${arg#--name=}" ;;
      --cmd) cmd="$1"; shift ;;
      --cmd=*) cmd="${arg#--cmd=}" ;;
      --) ;;
      -*) echo "installShellCompletion: unknown flag $arg" >&2; return 1 ;;
      *)
        base="$(basename "$arg")"
        if [[ "$base" =~ ^[0-9a-df-np-sv-z]{32}- ]]; then base="${base:33}"; fi
        local sh="$shell"
        if [ -z "$sh" ]; then
          case "$base" in
            *.bash) sh=bash ;;
            *.zsh) sh=zsh ;;
            *.fish) sh=fish ;;
            *) echo "installShellCompletion: cannot infer shell type from file name: $arg" >&2; return 1 ;;
          esac
        fi
        local target="${name:-${cmd:-$base}}"
        case "$sh" in
          bash) [ -n "$name" ] || [ -z "$cmd" ] || target="$cmd.bash"; dest="$out/share/bash-completion/completions" ;;
          zsh) target="${target%.zsh}"; target="_${target#_}"; dest="$out/share/zsh/site-functions" ;;
          fish) target="${target%.fish}.fish"; dest="$out/share/fish/vendor_completions.d" ;;
        esac
        if [ ! -e "$arg" ]; then
          echo "installShellCompletion: file not found: $arg" >&2
          return 1
        fi
        install -D --mode=644 --no-target-directory -- "$arg" "$dest/$target"
        name=""
        ;;
    esac
  done
}

installBin() {
  local path
  for path in "$@"; do
    install -D --mode=755 -t "$out/bin" -- "$path"
  done
}
