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
shadow() {
  local src="$1" dst="$2" e name
  for e in "$src"/* "$src"/.[!.]* "$src"/..?*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    name="${e##*/}"
    if [ -L "$e" ]; then
      [ -e "$dst/$name" ] || [ -L "$dst/$name" ] || ln -s "$(readlink "$e")" "$dst/$name"
    elif [ -d "$e" ]; then
      mkdir -p "$dst/$name"
      shadow "$e" "$dst/$name"
    else
      [ -e "$dst/$name" ] || [ -L "$dst/$name" ] || ln -s "$e" "$dst/$name"
    fi
  done
}
shadow "$from" "$to"
