# wrapNeovimUnstable: nixpkgs' neovim wrapper over an unwrapped neovim
# (Debian's, pkgs.neovim-unwrapped). "neovim-<version><extraName>" holds
# the unwrapped package's files (lndir) with bin/nvim a makeWrapper script
# exec'ing its nvim: the providers' `--cmd "lua …"` (host programs, or
# vim.g.loaded_<prog>_provider=0), the pack directory of `plugins` on
# packpath and rtp when `packpathDirs.myNeovimPackages` has any, PATH for
# ruby, node, wl-clipboard and the plugins' runtimeDeps, `-u init.lua`
# when wrapRc, then `wrapperArgs`. Debian's neovim-runtime is its
# VIMRUNTIME unless the caller sets one. The result has nixpkgs'
# attributes (luaRcContent, packpathDirs, providerLuaRc, python3Env,
# rubyEnv, vimPackage, passthru.unwrapped…) and overrideAttrs over them
# (a set, `prev: {…}` or `final: prev: {…}`), as finalAttrs.
{
  lib,
  pkgs,
  runCommand,
  writeText,
  lndir,
  neovimUtils,
  vimUtils,
  providers,
  makeWrapperText,
}:
neovim-unwrapped:
let
  toExtension = import ./to-extension.nix;

  wrapper =
    {
      extraName ? "",
      autoconfigure ? false,
      autowrapRuntimeDeps ? true,
      wrapperArgs ? [ ],
      withPython2 ? false,
      withPython3 ? true,
      extraPython3Packages ? (_: [ ]),
      extraLuaPackages ? (_: [ ]),
      withNodeJs ? false,
      withPerl ? false,
      withRuby ? true,
      vimAlias ? false,
      viAlias ? false,
      waylandSupport ? false,
      wrapRc ? true,
      neovimRcContent ? null,
      luaRcContent ? "",
      packpathDirs ? null,
      plugins ? [ ],
      ...
    }@attrs:
    assert withPython2 -> throw "Python2 support has been removed from the neovim wrapper, please remove withPython2 and python2Env.";
    assert packpathDirs != null -> throw "packpathdirs is not used anymore: pass a list of neovim plugin derivations in 'plugins' instead.";
    let
      base = import ./neovim-wrapper-attrs.nix {
        inherit lib pkgs writeText neovimUtils vimUtils providers neovim-unwrapped attrs;
      };
      build =
        rattrs:
        let
          final = lib.fix rattrs;
          drv = runCommand final.name { } (import ./neovim-wrapper-build.nix {
            inherit lib lndir neovim-unwrapped final makeWrapperText;
          });
        in
        drv
        // removeAttrs final [ "passthru" ]
        // final.passthru
        // {
          inherit (final) passthru meta;
          overrideAttrs = f: build (lib.extends (toExtension f) rattrs);
        };
    in
    build base;
in
lib.makeOverridable wrapper
