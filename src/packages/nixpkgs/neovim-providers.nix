# The neovim wrapper's provider hosts from Debian's packages: python3Env
# ("nvim-host-python3", bin/nvim-python3: Debian's python3 with
# python3-pynvim and the packages asked for on its path) and rubyEnv
# ("neovim-ruby-env", bin/neovim-ruby-host: ruby-neovim's, which its
# output runs with its closure's Ruby, libraries and gems). Python's module
# directories are found through the packages' closure records
# (debian-closure.nix); a package without one adds nothing.
{
  lib,
  pkgs,
  runCommand,
}:
let
  closureOf = import ./debian-closure.nix;
in
{
  python3Env =
    packages:
    runCommand "nvim-host-python3"
      {
        python3 = pkgs.python3;
        inherit packages;
        passthru.interpreter = "${pkgs.python3}/bin/python3";
      }
      ''
        ${closureOf}
        dirs=""
        for p in $packages; do addPythonDirsOf "$p"; done
        mkdir -p $out/bin
        {
          echo "#! $stdenvShell -e"
          echo "unset PYTHONSAFEPATH"
          if [ -n "$dirs" ]; then echo "export PYTHONPATH=$(printf %q "$dirs")"; else echo "unset PYTHONPATH"; fi
          echo "exec $(printf %q "$python3/bin/python3") \"\$@\""
        } > $out/bin/nvim-python3
        chmod +x $out/bin/nvim-python3
      '';

  rubyEnv =
    runCommand "neovim-ruby-env"
      {
        gem = pkgs.ruby-neovim;
      }
      ''
        mkdir -p $out/bin
        {
          echo "#! $stdenvShell -e"
          echo "exec $(printf %q "$gem/bin/neovim-ruby-host") \"\$@\""
        } > $out/bin/neovim-ruby-host
        chmod +x $out/bin/neovim-ruby-host
      '';
}
