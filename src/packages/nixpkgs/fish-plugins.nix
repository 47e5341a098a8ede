# pkgs.fishPlugins: nixpkgs' fish plugins. Debian packages none of them,
# so every name but buildFishPlugin is a plugin whose use (its path, or
# its `src`, which home-manager's programs.fish.plugins reads) fails,
# naming pkgs.fishPlugins.<name> and how to build it. buildFishPlugin
# builds one from its source with nixpkgs' layout: the source's
# functions/, conf.d/ and completions/ in fish's vendor directories under
# share/fish, where fish from a profile looks.
{
  lib,
  openSet,
  stdenv,
}:
let
  buildFishPlugin =
    {
      pname,
      version ? "",
      src,
      ...
    }@attrs:
    stdenv.mkDerivation (
      attrs
      // {
        name = "fishplugin-${pname}-${version}";
        dontConfigure = true;
        dontBuild = attrs.dontBuild or true;
        installPhase =
          attrs.installPhase or ''
            runHook preInstall
            for pair in functions:vendor_functions.d conf.d:vendor_conf.d completions:vendor_completions.d; do
              from=''${pair%%:*}
              to=$out/share/fish/''${pair#*:}
              mkdir -p $to
              if [ -d "$from" ]; then
                find "$from" -maxdepth 1 -name '*.fish' -exec cp {} $to/ \;
              fi
            done
            runHook postInstall
          '';
      }
    );

  missing =
    name:
    let
      why = "Cannot use pkgs.fishPlugins.${name}: Debian packages no fish plugins; build it with pkgs.fishPlugins.buildFishPlugin { pname = \"${name}\"; version = \"…\"; src = pkgs.fetchFromGitHub { … }; }, or give programs.fish.plugins its source (src = pkgs.fetchFromGitHub { … }), or remove it from the configuration";
    in
    {
      type = "derivation";
      pname = "fishplugin-${name}";
      name = "fishplugin-${name}";
      outPath = throw why;
      drvPath = throw why;
      src = throw why;
      meta = { };
      passthru = { };
    };
in
openSet (name: if name == "buildFishPlugin" then buildFishPlugin else missing name)
