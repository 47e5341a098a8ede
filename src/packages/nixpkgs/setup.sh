# system-manager's stdenv setup, sourced by every mkDerivation builder
# (bash -e). PATH is the bin/ of $initialPath (coreutils, findutils, sed…), then of
# $nativeBuildInputs and $buildInputs, whose nix-support/setup-hook files
# are sourced. genericBuild runs $buildCommandPath
# or $buildCommand when set, else the phases in $phases (default: unpack
# patch configure build check install fixup), each overridable by a
# variable of its name and surrounded by its pre/post hooks. Limits: no
# compiler; configure/build/install run ./configure and make only when
# present; fixup does nothing (no stripping or patching).

PATH=
for _p in ${initialPath:-} ${nativeBuildInputs:-} ${buildInputs:-}; do
  if [ -d "$_p/bin" ]; then PATH="${PATH:+$PATH:}$_p/bin"; fi
done
export PATH
export SHELL="${stdenvShell:-$BASH}"
# The setup hooks of the inputs (nix-support/setup-hook), as nixpkgs sources them.
for _p in ${nativeBuildInputs:-} ${buildInputs:-}; do
  if [ -f "$_p/nix-support/setup-hook" ]; then source "$_p/nix-support/setup-hook"; fi
done
unset _p

runHook() {
  local hook="$1"
  shift
  if declare -F "$hook" >/dev/null; then
    "$hook" "$@"
  elif [ -n "${!hook:-}" ]; then
    eval "${!hook}"
  fi
  return 0
}

substitute() {
  local input="$1" output="$2"
  shift 2
  local content
  content="$(cat "$input"; printf x)"
  content="${content%x}"
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --replace-fail|--replace-warn|--replace-quiet|--replace)
        local from="$2" to="$3"
        if [ "$1" = --replace-fail ] && [[ "$content" != *"$from"* ]]; then
          echo "substitute: pattern '$from' doesn't match anything in file '$input'" >&2
          return 1
        fi
        content="${content//"$from"/"$to"}"
        shift 3 ;;
      --subst-var)
        local var="$2"
        content="${content//@"$var"@/"${!var}"}"
        shift 2 ;;
      --subst-var-by)
        content="${content//@"$2"@/"$3"}"
        shift 3 ;;
      *)
        echo "substitute: unknown argument '$1'" >&2
        return 1 ;;
    esac
  done
  printf '%s' "$content" > "$output.tmp"
  if [ -x "$input" ]; then chmod +x "$output.tmp"; fi
  mv -f "$output.tmp" "$output"
}

# substituteInPlace FILE... OPTIONS: the files come first (a glob may name several), then the options.
substituteInPlace() {
  local files=() file
  while [ "$#" -gt 0 ] && [[ "$1" != --* ]]; do
    files+=("$1")
    shift
  done
  if [ "${#files[@]}" -eq 0 ]; then
    echo "substituteInPlace called without any files to operate on (files must come before options!)" >&2
    return 1
  fi
  for file in "${files[@]}"; do
    substitute "$file" "$file" "$@"
  done
}

# Replaces every @name@ whose name is an environment variable (a-z start) with its value.
substituteAllStream() {
  local input="$1" output="$2" var args=()
  for var in $(compgen -e); do
    case "$var" in [a-z]*) args+=(--subst-var "$var") ;; esac
  done
  substitute "$input" "$output" "${args[@]}"
}

substituteAll() {
  substituteAllStream "$1" "$2"
}

unpackPhase() {
  runHook preUnpack
  local s
  for s in ${srcs:-${src:-}}; do
    if [ -d "$s" ]; then
      # As nixpkgs' stdenv: the modes kept (a script stays executable), then made writable for the build.
      cp -r --preserve=mode "$s" "$(stripHash "$s")"
      chmod -R u+w -- "$(stripHash "$s")"
      sourceRoot="${sourceRoot:-$(stripHash "$s")}"
    else
      case "$s" in
        *.tar|*.tar.*|*.tgz|*.tbz2|*.txz) tar xf "$s" ;;
        *) echo "unpackPhase: do not know how to unpack $s" >&2; return 1 ;;
      esac
    fi
  done
  if [ -z "${sourceRoot:-}" ]; then
    sourceRoot="$(find . -mindepth 1 -maxdepth 1 -type d | head -n 1)"
  fi
  cd "$sourceRoot"
  runHook postUnpack
}

stripHash() {
  local b
  b="$(basename "$1")"
  if [[ "$b" =~ ^[0-9a-df-np-sv-z]{32}- ]]; then echo "${b:33}"; else echo "$b"; fi
}

patchPhase() {
  runHook prePatch
  local p
  for p in ${patches:-}; do patch -p1 < "$p"; done
  runHook postPatch
}

configurePhase() {
  runHook preConfigure
  if [ -x ./configure ]; then ./configure --prefix="$out" ${configureFlags:-}; fi
  runHook postConfigure
}

buildPhase() {
  runHook preBuild
  if [ -f Makefile ] || [ -f makefile ]; then make ${makeFlags:-} ${buildFlags:-}; fi
  runHook postBuild
}

checkPhase() {
  runHook preCheck
  runHook postCheck
}

installPhase() {
  runHook preInstall
  if [ -f Makefile ] || [ -f makefile ]; then make install ${makeFlags:-} ${installFlags:-}; fi
  runHook postInstall
}

fixupPhase() {
  runHook preFixup
  runHook postFixup
}

genericBuild() {
  if [ -f "${buildCommandPath:-}" ]; then
    source "$buildCommandPath"
    return
  fi
  if [ -n "${buildCommand:-}" ]; then
    eval "$buildCommand"
    return
  fi
  local phase
  for phase in ${phases:-unpackPhase patchPhase configurePhase buildPhase checkPhase installPhase fixupPhase}; do
    case "$phase" in
      unpackPhase) if [ -n "${dontUnpack:-}" ] || [ -z "${src:-}${srcs:-}" ]; then continue; fi ;;
      patchPhase) if [ -z "${patches:-}" ] && [ -z "${prePatch:-}${postPatch:-}" ] && [ -z "${patchPhase:-}" ]; then continue; fi ;;
      configurePhase) if [ -n "${dontConfigure:-}" ]; then continue; fi ;;
      buildPhase) if [ -n "${dontBuild:-}" ]; then continue; fi ;;
      checkPhase) if [ -z "${doCheck:-}" ]; then continue; fi ;;
      installPhase) if [ -n "${dontInstall:-}" ]; then continue; fi ;;
      fixupPhase) if [ -n "${dontFixup:-}" ]; then continue; fi ;;
    esac
    if [ -n "${!phase:-}" ]; then eval "${!phase}"; else "$phase"; fi
  done
}
