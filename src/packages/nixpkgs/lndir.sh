# lndir FROM TO: makes TO a shadow of FROM, as X11's lndir: directories
# are created, files are linked (absolute FROM paths), symlinks in FROM
# are copied as symlinks with the same target; an existing entry in TO is
# left alone. -silent is accepted (this lndir prints nothing anyway).
set -e
args=()
for a in "$@"; do
  case "$a" in -silent|-ignorelinks|-withrevinfo) ;; *) args+=("$a") ;; esac
done
from="${args[0]:?usage: lndir [-silent] fromdir [todir]}"
to="${args[1]:-.}"
# One `ln` for the files of a directory and one `mkdir` for its subdirectories (not one per entry: a tree of thousands of files).
shadow() {
  local src="$1" dst="$2" e name
  local -a files=() dirs=()
  for e in "$src"/* "$src"/.[!.]* "$src"/..?*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    name="${e##*/}"
    if [ -L "$e" ]; then
      [ -e "$dst/$name" ] || [ -L "$dst/$name" ] || ln -s "$(readlink "$e")" "$dst/$name"
    elif [ -d "$e" ]; then
      dirs+=("$name")
    elif ! [ -e "$dst/$name" ] && ! [ -L "$dst/$name" ]; then
      files+=("$e")
    fi
  done
  [ "${#files[@]}" -eq 0 ] || ln -s -t "$dst" -- "${files[@]}"
  [ "${#dirs[@]}" -eq 0 ] || mkdir -p -- "${dirs[@]/#/$dst/}"
  for name in "${dirs[@]}"; do
    shadow "$src/$name" "$dst/$name"
  done
}
shadow "$from" "$to"
