# `python3.withPackages (ps: [ ps.requests … ])`, as nixpkgs has it: an
# environment ("python3-<version>-env") whose bin/python3 and bin/python
# run Debian's python3 with the modules of the packages chosen (Debian's
# python3-*, from python3Packages) and of their closures on its path, and
# whose bin/ holds the packages' own programs too. The module directories
# are found through the packages' closure records (debian-closure.nix).
{
  lib,
  runCommand,
  python,
  pythonPackages,
}:
f:
let
  packages = f pythonPackages;
in
runCommand "python3-${if python ? version then lib.versions.majorMinor python.version else "3"}-env"
  {
    inherit python packages;
    passthru = {
      inherit python;
      pkgs = pythonPackages;
    };
    meta.mainProgram = "python3";
  }
  ''
    ${import ./debian-closure.nix}
    dirs=""
    mkdir -p $out/bin
    for p in $packages; do
      addPythonDirsOf "$p"
      if [ -d "$p/bin" ]; then
        for prog in "$p"/bin/*; do
          if [ ! -e "$prog" ] && [ ! -L "$prog" ]; then continue; fi
          name=''${prog##*/}
          # bin/python3 and bin/python are the env's own.
          case "$name" in python | python3) continue ;; esac
          if [ ! -e "$out/bin/$name" ]; then ln -s "$prog" "$out/bin/$name"; fi
        done
      fi
    done
    {
      echo "#! $stdenvShell -e"
      if [ -n "$dirs" ]; then echo "export PYTHONPATH=$(printf %q "$dirs")\''${PYTHONPATH:+:\$PYTHONPATH}"; fi
      echo "exec $(printf %q "$python/bin/python3") \"\$@\""
    } > $out/bin/python3
    chmod +x $out/bin/python3
    ln -s python3 $out/bin/python
  ''
