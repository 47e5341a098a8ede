# pkgs.tmuxPlugins: nixpkgs' tmux plugins. Debian packages none of them,
# so every name but mkTmuxPlugin is a plugin value whose use (its rtp,
# the script home-manager's tmux module runs, or its path) fails, naming
# pkgs.tmuxPlugins.<name> and how to build it. mkTmuxPlugin builds a
# plugin from its source (a fetchFromGitHub) with nixpkgs' layout: the
# source tree under share/tmux-plugins/<path>, `rtp` the script in it
# that tmux runs (<pluginName with _ for ->.tmux unless rtpFilePath says
# otherwise), a pname "tmuxplugin-<pluginName>" as home-manager checks.
{
  lib,
  openSet,
  stdenv,
}:
let
  rtpPath = "share/tmux-plugins";

  mkTmuxPlugin =
    {
      pluginName,
      src,
      version ? "",
      rtpFilePath ? builtins.replaceStrings [ "-" ] [ "_" ] pluginName + ".tmux",
      namePrefix ? "tmuxplugin-",
      path ? lib.getName pluginName,
      ...
    }@attrs:
    let
      plugin = stdenv.mkDerivation (
        removeAttrs attrs [
          "rtpFilePath"
          "namePrefix"
          "path"
          "dependencies"
        ]
        // {
          pname = namePrefix + pluginName;
          inherit version src pluginName;
          dontConfigure = true;
          dontBuild = attrs.dontBuild or true;
          installPhase =
            attrs.installPhase or ''
              runHook preInstall
              mkdir -p $out/${rtpPath}
              cp -r . $out/${rtpPath}/${path}
              runHook postInstall
            '';
        }
      );
    in
    plugin
    // {
      rtp = "${plugin}/${rtpPath}/${path}/${rtpFilePath}";
      overrideAttrs = f: mkTmuxPlugin (attrs // (if builtins.isFunction f then f attrs else f));
    };

  missing =
    name:
    let
      why = "Cannot use pkgs.tmuxPlugins.${name}: Debian packages no tmux plugins; build it with pkgs.tmuxPlugins.mkTmuxPlugin { pluginName = \"${name}\"; version = \"…\"; src = pkgs.fetchFromGitHub { … }; }, or remove it from the configuration";
    in
    {
      type = "derivation";
      pname = "tmuxplugin-${name}";
      pluginName = name;
      name = "tmuxplugin-${name}";
      outPath = throw why;
      drvPath = throw why;
      rtp = throw why;
      meta = { };
      passthru = { };
    };
in
openSet (name: if name == "mkTmuxPlugin" then mkTmuxPlugin else missing name)
