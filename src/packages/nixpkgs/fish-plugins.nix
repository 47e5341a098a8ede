# pkgs.fishPlugins: nixpkgs' fish plugins. Debian packages none of them,
# so the common ones (z, autopair, done, tide, fzf-fish, pure, hydro,
# sponge) are built from their repositories, fetched from GitHub at a
# pinned release (or revision) and checked against a hash, each checked
# here against the repository's tree at that revision; every other name
# but buildFishPlugin is a plugin whose use (its path, or its `src`, which
# home-manager's programs.fish.plugins reads) fails, naming
# pkgs.fishPlugins.<name> and how to build it. buildFishPlugin builds one
# from its source with nixpkgs' layout: the source's functions/, conf.d/
# and completions/ in fish's vendor directories under share/fish, where
# fish from a profile looks.
{
  lib,
  openSet,
  stdenv,
  fetchFromGitHub,
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
  # name → [ pname version owner repo rev hash ]
  pinned = {
    z = [ "z" "unstable-2022-04-08" "jethrokuan" "z" "85f863f20f24faf675827fb00f3a4e15c7838d76" "sha256-+FUBM7CodtZrYKqU542fQD+ZDGrd2438trKM0tIESs0=" ];
    autopair = [ "autopair" "1.0.4" "jorgebucaran" "autopair.fish" "1.0.4" "sha256-s1o188TlwpUQEN3X5MxUlD/2CFCpEkWu83U9O+wg3VU=" ];
    done = [ "done" "1.20.0" "franciscolourenco" "done" "1.20.0" "sha256-WA6DBrPBuXRIloO05UBunTJ9N01d6tO1K1uqojjO0mo=" ];
    tide = [ "tide" "6.2.0" "IlanCosman" "tide" "v6.2.0" "sha256-1ApDjBUZ1o5UyfQijv9a3uQJ/ZuQFfpNmHiDWzoHyuw=" ];
    fzf-fish = [ "fzf.fish" "10.3" "PatrickF1" "fzf.fish" "v10.3" "sha256-T8KYLA/r/gOKvAivKRoeqIwE2pINlxFQtZJHpOy9GMM=" ];
    pure = [ "pure" "4.18.0" "pure-fish" "pure" "v4.18.0" "sha256-KV43PlJmAjQxoNHWJRhAYUyzaqhKwLJSTeuo3cX98AA=" ];
    hydro = [ "hydro" "0-unstable-2026-02-24" "jorgebucaran" "hydro" "f130b55ee3eaf099eccf588e2a62e5447068d120" "sha256-Dfq974KpD1mtQKznIlkXfZfDnSF/4MfLTA18Ak0LADE=" ];
    sponge = [ "sponge" "1.1.0" "meaningful-ooo" "sponge" "1.1.0" "sha256-MdcZUDRtNJdiyo2l9o5ma7nAX84xEJbGFhAVhK+Zm1w=" ];
  };

  # Tide's configuration wizard is a tree of functions (functions/tide/), which the install's *.fish files leave out.
  extra.tide.postInstall = ''
    cp -R functions/tide $out/share/fish/vendor_functions.d/
  '';

  fromPin =
    name: p:
    let
      at = builtins.elemAt p;
    in
    buildFishPlugin (
      {
        pname = at 0;
        version = at 1;
        src = fetchFromGitHub {
          owner = at 2;
          repo = at 3;
          rev = at 4;
          hash = at 5;
        };
        meta.homepage = "https://github.com/${at 2}/${at 3}";
      }
      // (extra.${name} or { })
    );
in
openSet (
  name:
  if name == "buildFishPlugin" then
    buildFishPlugin
  else if pinned ? ${name} then
    fromPin name pinned.${name}
  else
    missing name
)
