# The documentation builders of our nixpkgs: nixosOptionsDoc
# (options-doc.nix), nixos-render-docs (bin/nixos-render-docs: the
# project's renderer in ./render-docs, run by pkgs.nodejs-slim) and
# installShellFiles (its commands installManPage, installShellCompletion
# and installBin as programs in bin/, so being listed in
# nativeBuildInputs is enough; also as the nix-support/setup-hook nixpkgs
# has, for builders that source it).
{
  lib,
  runCommand,
  nodejs-slim,
  shell,
}:
let
  nixos-render-docs =
    runCommand "nixos-render-docs"
      {
        meta = {
          description = "Renders the option documentation of module systems (system-manager's own renderer)";
          mainProgram = "nixos-render-docs";
        };
      }
      ''
        mkdir -p $out/bin $out/lib
        cp -r ${./render-docs} $out/lib/nixos-render-docs
        {
          echo '#!${shell}'
          echo 'exec ${nodejs-slim}/bin/node '"$out"'/lib/nixos-render-docs/cli.mjs "$@"'
        } > $out/bin/nixos-render-docs
        chmod +x $out/bin/nixos-render-docs
      '';

  installShellFiles =
    runCommand "install-shell-files"
      {
        meta.description = "Commands to install man pages and shell completions into $out";
      }
      ''
        mkdir -p $out/bin $out/nix-support
        cp ${./install-shell-files.sh} $out/nix-support/setup-hook
        for f in installManPage installShellCompletion installBin; do
          {
            echo '#!${shell}'
            echo 'set -e'
            echo "source $out/nix-support/setup-hook"
            echo "$f \"\$@\""
          } > $out/bin/$f
          chmod +x $out/bin/$f
        done
      '';
in
{
  inherit nixos-render-docs installShellFiles;
  nixosOptionsDoc = import ./options-doc.nix { inherit lib runCommand nixos-render-docs; };
}
