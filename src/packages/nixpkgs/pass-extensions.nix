# `pass.withExtensions (exts: [ exts.pass-otp … ])`, as nixpkgs' pass has it
# (home-manager's programs.password-store gives it as its package's
# example): Debian's pass script with its system extension directory set
# to the output's lib/password-store/extensions, which holds the chosen
# extensions' scripts (Debian's pass-extension-<name>: exts.pass-otp is
# pass-extension-otp), and the programs of their closures (oathtool…) on
# its PATH after the caller's.
{
  lib,
  openSet,
  runCommand,
  pass,
  debianPackage,
}:
let
  extensions = openSet (n: debianPackage ("pass-extension-" + lib.removePrefix "pass-" n));
  withExtensions =
    f:
    runCommand "pass-with-extensions-${pass.version or "0"}"
      {
        inherit pass;
        exts = f extensions;
        meta.mainProgram = "pass";
      }
      ''
        ${import ./debian-closure.nix}
        ext=$out/lib/password-store/extensions
        mkdir -p $out/bin $ext
        dirs=""
        for p in $exts; do
          for ref in $(closureOf "$p"); do
            for f in "$ref"/usr/lib/password-store/extensions/*.bash; do
              if [ -e "$f" ] && [ ! -e "$ext/''${f##*/}" ]; then ln -s "$f" "$ext/''${f##*/}"; fi
            done
            if [ -d "$ref/usr/bin" ]; then addDir "$ref/usr/bin"; fi
          done
        done
        script=""
        for ref in $(closureOf "$pass"); do
          if [ -f "$ref/usr/bin/pass" ]; then script="$ref/usr/bin/pass"; fi
        done
        if [ -z "$script" ]; then
          echo "pass.withExtensions: $pass has no usr/bin/pass in its closure" >&2
          exit 1
        fi
        {
          head -n 1 "$script"
          echo "# system-manager: Debian's pass, its extensions (and the programs they run) from the store."
          echo 'PATH="''${PATH:+$PATH:}'"$dirs"'"'
          tail -n +2 "$script" | sed -e "s|^SYSTEM_EXTENSION_DIR=.*|SYSTEM_EXTENSION_DIR=\"$ext\"|"
        } > $out/bin/pass
        chmod +x $out/bin/pass
        if ! grep -q "^SYSTEM_EXTENSION_DIR=\"$ext\"" $out/bin/pass; then
          echo "pass.withExtensions: $script does not set SYSTEM_EXTENSION_DIR" >&2
          exit 1
        fi
        for prog in "$pass"/bin/*; do
          if [ ! -e "$out/bin/''${prog##*/}" ]; then ln -s "$prog" "$out/bin/''${prog##*/}"; fi
        done
        if [ -e "$pass/share" ]; then ln -s "$pass/share" "$out/share"; fi
      '';
in
pass
// {
  inherit withExtensions extensions;
}
