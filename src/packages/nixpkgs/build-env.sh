# buildEnv's builder (bash, coreutils), with the semantics of nixpkgs'
# builder.pl: each package's tree is linked into $out$extraPrefix; a
# directory only one package has is one symlink to it, and is split into
# a directory of links when a second package has it too; a file two
# packages have is a collision (an error, or skipped with
# ignoreCollisions; equal files are fine with checkCollisionContents);
# a lower priority number wins; only paths under pathsToLink are linked;
# a package's .system-manager/ (our record of a Debian package) never is.
# $pkgsPath: one line per package, "priority path…". Keys of the tables
# are "x" + the relative path (bash forbids an empty key).
declare -A target prio
read -r -a toLink <<< "${pathsToLink:-/}"

inPathsToLink() {
  local p="${1:-/}" e
  for e in "${toLink[@]}"; do
    if [ "$e" = / ] || [ "$p" = "$e" ] || [[ "$p" == "$e"/* ]]; then return 0; fi
  done
  return 1
}
hasPathsToLink() {
  local p="$1" e
  for e in "${toLink[@]}"; do
    if [ -z "$p" ] || [ "$p" = "$e" ] || [[ "$e" == "$p"/* ]]; then return 0; fi
  done
  return 1
}

target[x]=""; prio[x]=0
for e in "${toLink[@]}"; do
  cur=""
  IFS=/ read -r -a parts <<< "$e"
  for x in "${parts[@]}"; do
    [ -z "$x" ] && continue
    cur="$cur/$x"
    target["x$cur"]=""; prio["x$cur"]=0
  done
done

same() {
  [ -e "$1" ] && [ -e "$2" ] || return 1
  [ "$(stat -L -c %a "$1")" = "$(stat -L -c %a "$2")" ] || return 1
  [ -f "$1" ] && [ -f "$2" ] && [ "$(stat -L -c %s "$1")" = "$(stat -L -c %s "$2")" ] || return 1
  [ "$(sha256sum < "$1")" = "$(sha256sum < "$2")" ]
}
describe() {
  if [ -L "$1" ] && [ ! -e "$1" ]; then echo "dangling symlink \`$1'"; else echo "\`$1'"; fi
}

findFilesInDir() {
  local rel="$1" dir="$2" p="$3" n
  for n in "$dir"/* "$dir"/.[!.]* "$dir"/..?*; do
    [ -e "$n" ] || [ -L "$n" ] || continue
    findFiles "$rel/${n##*/}" "$n" "${n##*/}" "$p"
  done
}

findFiles() {
  local rel="$1" t="$2" base="$3" p="$4"
  case "$rel" in
    /propagated-build-inputs|/nix-support|*info/dir) return ;;
    # system-manager's record of a Debian package (its name, version, origin), not part of the package.
    /.system-manager) return ;;
    /share/mime/packages*) ;;
    /share/mime/*) return ;;
  esac
  if [ "$base" = perllocal.pod ] || [ "$base" = log ]; then return; fi
  if ! hasPathsToLink "$rel" && ! inPathsToLink "$rel"; then return; fi
  if [ -z "${target[x$rel]+set}" ]; then
    target["x$rel"]="$t"; prio["x$rel"]="$p"; return
  fi
  local old="${target[x$rel]}" oldp="${prio[x$rel]}"
  if [ "$p" -lt "$oldp" ] && [ -n "$old" ] && [ ! -d "$old" ]; then
    target["x$rel"]="$t"; prio["x$rel"]="$p"; return
  fi
  if [ -n "$old" ] && [ "$(readlink -f "$t")" = "$(readlink -f "$old")" ]; then
    if [ -L "$old" ] && [ ! -L "$t" ]; then target["x$rel"]="$t"; prio["x$rel"]="$p"; fi
    return
  fi
  if [ "$p" -gt "$oldp" ] && [ -n "$old" ] && [ ! -d "$old" ]; then return; fi
  if [ -z "$old" ] && [ ! -d "$t" ]; then echo "error: not a directory: \`$t'" >&2; exit 1; fi
  if ! { [ -d "$t" ] && { [ -z "$old" ] || [ -d "$old" ]; }; }; then
    if [ "${ignoreCollisions:-}" = 1 ]; then
      echo "warning: collision between $(describe "$t") and $(describe "$old")" >&2; return
    elif [ "${checkCollisionContents:-}" = 1 ] && same "$old" "$t"; then
      return
    else
      echo "error: collision between $(describe "$t") and $(describe "$old")" >&2; exit 1
    fi
  fi
  [ -n "$old" ] && findFilesInDir "$rel" "$old" "$oldp"
  findFilesInDir "$rel" "$t" "$p"
  target["x$rel"]=""; prio["x$rel"]="$p"
}

declare -A done
while read -r priority paths; do
  for path in $paths; do
    if [ -e "$path" ] && [ -z "${done[$path]+set}" ]; then
      done["$path"]=1
      if [ -f "$path" ] && [ "${path%/*}" = "$storeDir" ]; then
        echo "error: The store path $path is a file and can't be merged into an environment using pkgs.buildEnv!" >&2; exit 1
      fi
      findFiles "" "$path" "" "$priority"
    fi
  done
done < "$pkgsPath"

links=0
while IFS= read -r key; do
  rel="${key#x}"
  inPathsToLink "$rel" || continue
  abs="$out$extraPrefix/$rel"
  if [ -z "${target[$key]}" ]; then
    mkdir -p "$abs"
  else
    ln -s "${target[$key]}" "$abs"
    links=$((links + 1))
  fi
done < <(printf '%s\n' "${!target[@]}" | LC_ALL=C sort)
echo "created $links symlinks in user environment" >&2
if [ -n "${manifest:-}" ]; then ln -s "$manifest" "$out/manifest"; fi
