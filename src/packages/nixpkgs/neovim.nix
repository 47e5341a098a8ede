# pkgs' neovim and Vim parts, with nixpkgs' names: vimUtils, neovimUtils,
# vim-full (Debian's vim with nixpkgs' `customize`: vim-customize.nix),
# vimPlugins (Debian's plugins), wrapNeovimUnstable over neovim-unwrapped
# (Debian's neovim), and the module sets its providers and plugins draw
# from (python3Packages: python-packages.nix; luaPackages: Debian's lua-*).
{
  lib,
  pkgs,
  openSet,
  stdenv,
  trivial,
  makeWrapperText,
}:
let
  vimUtils = import ./vim-utils.nix {
    inherit lib stdenv;
    inherit (trivial) linkFarm buildEnv writeText;
  };
  neovimUtils = import ./neovim-utils.nix { inherit lib vimUtils; };
  vimCustomize = import ./vim-customize.nix {
    inherit lib vimUtils;
    inherit (trivial) runCommand buildEnv;
    shell = stdenv.shell;
  };
  # Debian's module packages by nixpkgs' attribute names: luaPackages.lpeg is lua-lpeg.
  debianPrefixed =
    prefix: own: openSet (n: own.${n} or pkgs.${prefix + lib.toLower (builtins.replaceStrings [ "_" ] [ "-" ] n)});
in
{
  inherit vimUtils neovimUtils;
  vimPlugins = import ./vim-plugins.nix {
    inherit lib pkgs openSet;
    inherit (trivial) runCommand;
    inherit (vimUtils) toVimPlugin buildVimPlugin;
  };
  python3Packages = import ./python-packages.nix { inherit lib pkgs openSet; };
  luaPackages = debianPrefixed "lua-" { };
  neovim-unwrapped = pkgs.neovim;
  # Debian's vim (console, most features), customizable as nixpkgs' vim-full.
  vim-full = vimCustomize.makeCustomizable pkgs.vim;
  vim_configurable = vimCustomize.makeCustomizable pkgs.vim;
  wrapNeovimUnstable = import ./neovim-wrapper.nix {
    inherit lib pkgs neovimUtils vimUtils;
    inherit (trivial) runCommand writeText lndir;
    providers = import ./neovim-providers.nix {
      inherit lib pkgs;
      inherit (trivial) runCommand;
    };
    inherit makeWrapperText;
  };
}
