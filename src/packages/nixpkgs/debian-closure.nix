# Bash functions for builders that look inside Debian packages (the
# builders' PATH has only coreutils, so plain bash): `closureOf PKG` prints,
# one a line, the store paths of the .debs its output's closure record
# (.system-manager/info.json) lists, nothing for a path without one;
# `addDir DIR` appends DIR to the colon-separated $dirs once;
# `addPythonDirsOf PKG` adds the Python module directories of PKG's closure.
''
  closureOf() {
    local line
    if [ ! -f "$1/.system-manager/info.json" ]; then return 0; fi
    while IFS= read -r line; do
      case "$line" in
        *'"/'*) line="''${line#*\"}"; echo "''${line%%\"*}" ;;
      esac
    done < "$1/.system-manager/info.json"
  }
  addDir() {
    case ":$dirs:" in *":$1:"*) ;; *) dirs="''${dirs:+$dirs:}$1" ;; esac
  }
  addPythonDirsOf() {
    local ref
    for ref in $(closureOf "$1"); do
      if [ -d "$ref/usr/lib/python3/dist-packages" ]; then addDir "$ref/usr/lib/python3/dist-packages"; fi
    done
  }
''
