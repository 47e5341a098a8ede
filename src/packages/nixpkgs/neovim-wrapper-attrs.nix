# The attributes of wrapNeovimUnstable's result as a function of the final
# ones (`final`, after overrideAttrs), with nixpkgs' names and meanings:
# what bin/nvim is made from (neovim-wrapper-build.nix) and what callers
# such as home-manager read back (luaRcContent, packpathDirs…).
{
  lib,
  pkgs,
  writeText,
  neovimUtils,
  vimUtils,
  providers,
  neovim-unwrapped,
  attrs,
}:
final:
let
  pluginsNormalized = neovimUtils.normalizePlugins final.plugins;
  myVimPackage = neovimUtils.normalizedPluginsToVimPackage pluginsNormalized;
  pluginRC = lib.foldl (acc: p: if p.config != null then acc ++ [ p.config ] else acc) [ ] pluginsNormalized;
  neovimRcContent' = vimUtils.vimrcContent {
    beforePlugins = "";
    customRC = lib.concatStringsSep "\n" (pluginRC ++ lib.optional (final.neovimRcContent != null) final.neovimRcContent);
    packages = null;
  };
  luaPluginRC = lib.concatMap (
    p: lib.optional (final.autoconfigure && (p.plugin.passthru or { }) ? initLua) p.plugin.passthru.initLua
  ) pluginsNormalized;
  luaPackages = final.extraLuaPackages pkgs.luaPackages;
  rcContent = lib.concatStringsSep "\n" (
    lib.filter (s: s != "") (
      [
        (lib.throwIf (luaPackages != [ ])
          "wrapNeovimUnstable: extraLuaPackages are not available: system-manager's neovim is Debian's, whose Lua modules are Debian packages (lua-*); install them with home.packages"
          final.providerLuaRc
          + lib.optionalString (neovimRcContent' != "") "\nvim.cmd.source \"${writeText "init.vim" neovimRcContent'}\"\n"
        )
        final.luaRcContent'
      ]
      ++ luaPluginRC
    )
  );
  vimPackageInfo = neovimUtils.makeVimPackageInfo final.plugins;
  pluginPython3Packages = vimPackageInfo.pluginPython3Packages;
  runtimeDeps = lib.unique (lib.concatMap (p: p.plugin.runtimeDeps or [ ]) pluginsNormalized);
  binPath = lib.makeBinPath (
    lib.optional final.withRuby final.rubyEnv
    ++ lib.optional final.withNodeJs pkgs.nodejs
    ++ lib.optional final.waylandSupport pkgs.wl-clipboard
    ++ lib.optionals final.autowrapRuntimeDeps runtimeDeps
  );
  packs = final.packpathDirs.myNeovimPackages;
  finalPackdir = neovimUtils.packDir final.packpathDirs;
  version = lib.getVersion neovim-unwrapped;
in
{
  pname = "neovim";
  inherit version;
  name = "neovim-${version}${final.extraName}";
  plugins = attrs.plugins or [ ];
  extraName = attrs.extraName or "";
  autoconfigure = attrs.autoconfigure or false;
  autowrapRuntimeDeps = attrs.autowrapRuntimeDeps or true;
  wrapperArgs = attrs.wrapperArgs or [ ];
  withPython3 = attrs.withPython3 or true;
  extraPython3Packages = attrs.extraPython3Packages or (_: [ ]);
  extraLuaPackages = attrs.extraLuaPackages or (_: [ ]);
  withNodeJs = attrs.withNodeJs or false;
  withPerl = attrs.withPerl or false;
  withRuby = attrs.withRuby or true;
  vimAlias = attrs.vimAlias or false;
  viAlias = attrs.viAlias or false;
  waylandSupport = attrs.waylandSupport or false;
  wrapRc = attrs.wrapRc or true;
  neovimRcContent = attrs.neovimRcContent or null;
  luaRcContent' = attrs.luaRcContent or "";
  packpathDirs.myNeovimPackages = myVimPackage;
  vimPackage = myVimPackage;
  python3Env = providers.python3Env (
    [ pkgs.python3Packages.pynvim ]
    ++ final.extraPython3Packages pkgs.python3Packages
    ++ lib.concatMap (f: f pkgs.python3Packages) pluginPython3Packages
  );
  inherit (providers) rubyEnv;
  perlEnv = pkgs.perl;
  nodeHost = pkgs.neovim-node-client;
  providerLuaRc = neovimUtils.generateProviderRc {
    inherit (final) withPython3 withNodeJs withPerl withRuby;
    hostPrograms = {
      node = "${final.nodeHost}/bin/neovim-node-host";
      perl = "${final.perlEnv}/bin/perl";
      ruby = "${final.rubyEnv}/bin/neovim-ruby-host";
      python3 = "${final.python3Env}/bin/nvim-python3";
    };
  };
  luaRcContent = rcContent;
  initLua = writeText "init.lua" rcContent;
  generatedWrapperArgs = [
    "--add-flags"
    ''--cmd "lua ${final.providerLuaRc}"''
  ]
  ++ lib.optionals (packs.start or [ ] != [ ] || packs.opt or [ ] != [ ]) [
    "--add-flags"
    ''--cmd "set packpath^=${finalPackdir}"''
    "--add-flags"
    ''--cmd "set rtp^=${finalPackdir}"''
  ]
  ++ lib.optionals (binPath != "") [
    "--suffix"
    "PATH"
    ":"
    binPath
  ];
  passthru = {
    inherit (final) providerLuaRc packpathDirs;
    unwrapped = neovim-unwrapped;
    initRc = neovimRcContent';
  };
  meta = {
    description = neovim-unwrapped.meta.description or "Vim text editor fork focused on extensibility and agility";
    mainProgram = "nvim";
    priority = (neovim-unwrapped.meta.priority or lib.meta.defaultPriority or 5) - 1;
  };
}
