# neovimUtils: nixpkgs' helpers around the neovim wrapper. Plugins are
# normalized to { plugin, config, optional } and split into a Vim package
# { start, opt }; makeVimPackageInfo adds what the plugins need
# (python3Dependencies, runtimeDeps); generateProviderRc is the Lua line
# that points nvim at its provider hosts or disables them; packDir is
# vimUtils'; makeNeovimConfig gives wrapNeovimUnstable's arguments.
{
  lib,
  vimUtils,
}:
let
  normalizePlugins =
    plugins:
    let
      defaultPlugin = {
        plugin = null;
        config = null;
        optional = false;
      };
    in
    map (x: defaultPlugin // (if x ? plugin then x else { plugin = x; })) plugins;

  normalizedPluginsToVimPackage =
    normalizedPlugins:
    let
      parts = lib.partition (x: x.optional == true) normalizedPlugins;
    in
    {
      start = map (x: x.plugin) parts.wrong;
      opt = map (x: x.plugin) parts.right;
    };

  makeVimPackageInfo =
    plugins:
    let
      pluginsNormalized = normalizePlugins plugins;
      vimPackage = normalizedPluginsToVimPackage pluginsNormalized;
      requiredPlugins = vimUtils.findDependenciesRecursively (vimUtils.requiredPluginsForPackage vimPackage);
    in
    {
      inherit vimPackage pluginsNormalized;
      pluginPython3Packages = map (p: p.python3Dependencies or (_: [ ])) requiredPlugins;
      runtimeDeps = lib.unique (lib.concatMap (p: p.runtimeDeps or [ ]) requiredPlugins);
    };

  # node, perl, ruby and python3 in this order: `vim.g.<prog>_host_prog='<host>'` or `vim.g.loaded_<prog>_provider=0`, joined by ";".
  generateProviderRc =
    {
      withPython3 ? true,
      withNodeJs ? false,
      withRuby ? true,
      withPerl ? false,
      hostPrograms ? { },
      ...
    }:
    let
      enabled = {
        node = withNodeJs;
        perl = withPerl;
        ruby = withRuby;
        python3 = withPython3;
      };
      host = prog: hostPrograms.${prog} or "${placeholder "out"}/bin/nvim-${prog}";
      line =
        prog:
        if enabled.${prog} then "vim.g.${prog}_host_prog='${host prog}'" else "vim.g.loaded_${prog}_provider=0";
    in
    lib.concatMapStringsSep ";" line [
      "node"
      "perl"
      "ruby"
      "python3"
    ];

  makeNeovimConfig =
    {
      withPython3 ? true,
      withNodeJs ? false,
      withRuby ? true,
      plugins ? [ ],
      customRC ? "",
      ...
    }@args:
    removeAttrs args [ "customRC" ]
    // {
      inherit withPython3 withNodeJs withRuby plugins;
      wrapperArgs = [ "--inherit-argv0" ];
      neovimRcContent = customRC;
    };
in
{
  inherit
    normalizePlugins
    normalizedPluginsToVimPackage
    makeVimPackageInfo
    generateProviderRc
    makeNeovimConfig
    ;
  inherit (vimUtils) packDir;
}
