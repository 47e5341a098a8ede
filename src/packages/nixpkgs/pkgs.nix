# system-manager's nixpkgs layer: what `pkgs` has besides the Debian
# packages (which fill every other name). `pkgs` is the final package set
# (after overlays), `tools` the bash and the programs (coreutils,
# findutils, sed… as nixpkgs' stdenv has them) builders run with,
# `prebuilt` the Debian packages themselves (a wrapper defined here finds
# the package it wraps there), `withOverlays` the set made again with more
# overlays.
{
  lib,
  system,
  pkgs,
  tools,
  texts,
  render,
  openSet,
  prebuilt,
  path,
  config,
  overlays,
  withOverlays,
  storeDir,
  nodejsReleases,
}:
let
  stdenv = import ./stdenv.nix {
    inherit lib system tools;
    setupText = texts.setup;
  };
  trivial = import ./trivial.nix {
    inherit lib stdenv storeDir;
    buildEnvText = texts.buildEnv;
    lndirText = texts.lndir;
  };
  formats = import ./formats.nix {
    inherit lib render;
    inherit (trivial) writeText;
  };

  neovim = import ./neovim.nix {
    inherit lib pkgs openSet stdenv trivial;
    makeWrapperText = texts.makeWrapper;
  };

  withEmacsPackages =
    emacs:
    let
      self = emacs // {
        pkgs = pkgs.emacsPackagesFor self;
      };
    in
    self;

  # `f args` whose result has `override newArgs` (a set, or a function of the old arguments).
  makeOverridable =
    f: args:
    let
      result = f args;
      override = newArgs: makeOverridable f (args // (if builtins.isFunction newArgs then newArgs args else newArgs));
    in
    if builtins.isAttrs result then
      result
      // {
        inherit override;
        overrideDerivation = fdrv: makeOverridable (a: lib.overrideDerivation (f a) fdrv) args;
      }
    else if builtins.isFunction result then
      {
        inherit override;
        __functor = self: result;
      }
    else
      result;
  callPackageWith =
    autoArgs: fn: args:
    let
      f = if builtins.isFunction fn then fn else import fn;
      fargs = builtins.functionArgs f;
      # The package set is open: any name is a package, listed once asked
      # for. A required argument is asked for by name; one with a default
      # is passed only when the set lists it (as nixpkgs passes only
      # attributes it has), so `greeting ? "hi"` keeps its default.
      required = builtins.filter (n: !fargs.${n} && autoArgs ? ${n}) (builtins.attrNames fargs);
      auto =
        builtins.intersectAttrs fargs autoArgs
        // builtins.listToAttrs (map (n: { name = n; value = autoArgs.${n}; }) required);
    in
    makeOverridable f (auto // args);

  # Fixed-output downloads, run by the realiser itself (as Nix's builtin:fetchurl): the hash is checked.
  fetchurl =
    {
      url ? builtins.head urls,
      urls ? [ ],
      hash ? "",
      sha256 ? "",
      sha512 ? "",
      name ? baseNameOf (toString url),
      executable ? false,
      recursiveHash ? false,
      postFetch ? "",
      passthru ? { },
      meta ? { },
      ...
    }:
    let
      outputHash =
        if hash != "" then hash
        else if sha256 != "" then sha256
        else if sha512 != "" then sha512
        else throw "fetchurl requires a hash for fixed-output derivation: ${url}";
      outputHashAlgo = if hash != "" then "" else if sha256 != "" then "sha256" else "sha512";
    in
    (derivation {
      inherit name system url outputHash outputHashAlgo;
      builder = "builtin:fetchurl";
      urls = if urls == [ ] then [ url ] else urls;
      executable = executable;
      outputHashMode = if recursiveHash || executable then "recursive" else "flat";
      preferLocalBuild = true;
    })
    // {
      inherit meta passthru url;
    };
  fetchzip =
    {
      url ? builtins.head urls,
      urls ? [ ],
      name ? "source",
      hash ? "",
      sha256 ? "",
      stripRoot ? true,
      passthru ? { },
      meta ? { },
      ...
    }:
    (derivation {
      inherit name system url;
      builder = "builtin:fetchurl";
      urls = if urls == [ ] then [ url ] else urls;
      unpack = true;
      inherit stripRoot;
      outputHash = if hash != "" then hash else sha256;
      outputHashAlgo = if hash != "" then "" else "sha256";
      outputHashMode = "recursive";
      preferLocalBuild = true;
    })
    // {
      inherit meta passthru;
    };
  fetchFromGitHub =
    {
      owner,
      repo,
      rev ? null,
      tag ? null,
      name ? "source",
      hash ? "",
      sha256 ? "",
      githubBase ? "github.com",
      passthru ? { },
      meta ? { },
      ...
    }:
    let
      ref = if tag != null then "refs/tags/${tag}" else rev;
    in
    fetchzip {
      inherit name hash sha256 meta;
      url = "https://${githubBase}/${owner}/${repo}/archive/${ref}.tar.gz";
      passthru = passthru // { inherit owner repo rev tag; };
    }
    // {
      inherit owner repo rev;
    };
in
trivial
// neovim
// import ./shell-plugins.nix { inherit lib stdenv fetchFromGitHub; }
// import ./documentation.nix { inherit lib; inherit (trivial) runCommand; inherit (pkgs) nodejs-slim; shell = stdenv.shell; }
// import ./nodejs.nix { inherit lib stdenv fetchurl prebuilt; inherit (trivial) symlinkJoin; releases = nodejsReleases; }
// {
  inherit
    lib
    system
    path
    config
    overlays
    stdenv
    formats
    fetchurl
    fetchzip
    fetchFromGitHub
    makeOverridable
    callPackageWith
    ;
  stdenvNoCC = stdenv;
  tmuxPlugins = import ./tmux-plugins.nix { inherit lib openSet stdenv fetchFromGitHub; };
  fishPlugins = import ./fish-plugins.nix { inherit lib openSet stdenv fetchFromGitHub; };
  sway = import ./sway.nix {
    inherit lib makeOverridable;
    inherit (trivial) symlinkJoin writeShellScriptBin;
    inherit (pkgs) makeWrapper sway-unwrapped dbus;
  };
  chromium = import ./chromium.nix {
    inherit lib makeOverridable;
    inherit (trivial) symlinkJoin;
    inherit (pkgs) makeWrapper;
    inherit (prebuilt) chromium;
  };
  wrapOBS = import ./wrap-obs.nix {
    inherit lib makeOverridable;
    inherit (trivial) symlinkJoin;
    inherit (pkgs) makeWrapper obs-studio;
  };
  # nixpkgs' Qt sets, for what modules take from them (home-manager's qt
  # module: qtbase's plugin and QML prefixes, styles and platform themes):
  # Debian's packages, whose outputs link their Qt plugins and QML where
  # those prefixes say (lib/qt-5/plugins…).
  qt5 = {
    qtbase = prebuilt.libqt5core5a // {
      qtPluginPrefix = "lib/qt-5/plugins";
      qtQmlPrefix = "lib/qt-5/qml";
    };
    qtwayland = prebuilt.qtwayland5;
    qtsvg = prebuilt.libqt5svg5;
  };
  qt6 = {
    qtbase = prebuilt.libqt6core6 // {
      qtPluginPrefix = "lib/qt-6/plugins";
      qtQmlPrefix = "lib/qt-6/qml";
    };
    qtwayland = prebuilt."qt6-wayland";
    qtsvg = prebuilt.libqt6svg6;
  };
  libsForQt5 = {
    qt5 = pkgs.qt5;
    qtstyleplugins = prebuilt."qt5-style-plugins";
    qt5ct = prebuilt.qt5ct;
    qtstyleplugin-kvantum = prebuilt."qt5-style-kvantum";
  };
  qt6Packages = {
    qt6 = pkgs.qt6;
    qt6ct = prebuilt.qt6ct;
    qtstyleplugin-kvantum = prebuilt."qt6-style-kvantum";
  };
  # KDE's packages home-manager's modules select (services.kdeconnect), under Debian's names.
  kdePackages = {
    kdeconnect-kde = prebuilt.kdeconnect;
  };
  wrapKakoune = import ./wrap-kakoune.nix {
    inherit lib;
    inherit (trivial) symlinkJoin;
    inherit (pkgs) makeWrapper;
  };
  # Debian's python3, with nixpkgs' withPackages (python-env.nix) and its module set as `pkgs`.
  python3 = prebuilt.python3 // {
    withPackages = import ./python-env.nix {
      inherit lib;
      inherit (trivial) runCommand;
      python = prebuilt.python3;
      pythonPackages = pkgs.python3Packages;
    };
    pkgs = pkgs.python3Packages;
  };
  # nixpkgs' Emacs package sets over Debian's elpa-* packages, with emacsWithPackages (emacs-packages.nix).
  emacsPackagesFor = import ./emacs-packages.nix {
    inherit lib pkgs openSet;
    inherit (trivial) runCommand;
    shell = stdenv.shell;
  };
  emacsPackages = pkgs.emacsPackagesFor pkgs.emacs;
  emacsWithPackages = pkgs.emacsPackages.emacsWithPackages;
  # Debian's Emacs with nixpkgs' `emacs.pkgs` (its package set: emacs.pkgs.withPackages).
  emacs = withEmacsPackages prebuilt.emacs;
  emacs-nox = withEmacsPackages prebuilt.emacs-nox;
  emacs-gtk = withEmacsPackages prebuilt.emacs-gtk;
  emacs-pgtk = withEmacsPackages prebuilt.emacs-pgtk;
  emacs-lucid = withEmacsPackages prebuilt.emacs-lucid;
  # Debian's pass with nixpkgs' withExtensions (pass-extensions.nix).
  pass = import ./pass-extensions.nix {
    inherit lib openSet;
    inherit (trivial) runCommand;
    pass = prebuilt.pass;
    debianPackage = name: pkgs.${name};
  };
  # Debian's Mesa drivers (names.ts); `drivers`, a former output, is mesa itself with nixpkgs' deprecation warning
  # (nix-system-graphics' system-graphics.package defaults to it).
  mesa = prebuilt.mesa // {
    drivers = lib.warn "`mesa.drivers` is deprecated, use `mesa` instead" prebuilt.mesa;
  };
  # nixpkgs' X.Org set: the same packages as the top-level names (xorg.xrandr is pkgs.xrandr).
  xorg = openSet (name: pkgs.${name});
  makeDesktopItem = import ./make-desktop-item.nix { inherit lib makeOverridable; inherit (trivial) writeTextFile; };
  # nixpkgs' ways to add overlays to a set: a new set, these overlays after its own.
  appendOverlays = extra: if extra == [ ] then pkgs else withOverlays extra;
  extend = f: pkgs.appendOverlays [ f ];
  runtimeShell = stdenv.shell;
  callPackage = callPackageWith pkgs;
  newScope = extra: callPackageWith (pkgs // extra);
  buildPackages = pkgs;
  pkgsBuildBuild = pkgs;
  pkgsBuildHost = pkgs;
  pkgsHostTarget = pkgs;
  targetPackages = pkgs;
  hostPlatform = stdenv.hostPlatform;
  buildPlatform = stdenv.buildPlatform;
  targetPlatform = stdenv.targetPlatform;
  pkgs = pkgs;
  # Nix's own zsh completions (home-manager's zsh module adds them with
  # enableCompletion). They complete Nix's commands; Debian does not
  # package them and the hosts system-manager manages need no Nix, so the
  # package holds an empty site-functions directory.
  nix-zsh-completions = trivial.runCommand "nix-zsh-completions" { } ''
    mkdir -p $out/share/zsh/site-functions
  '';
  # home-manager's fish module translates hm-session-vars.sh into fish with
  # babelfish, which Debian does not package: this one writes fish code
  # that runs the shell code in bash when sourced and takes the variables
  # it exports (babelfish.sh).
  babelfish = trivial.runCommand "babelfish" { meta.mainProgram = "babelfish"; script = texts.babelfish; passAsFile = [ "script" ]; } ''
    mkdir -p $out/bin
    {
      echo "#!${stdenv.shell}"
      echo "BASH_AT_LOGIN=${stdenv.shell}"
      cat "$scriptPath"
    } > $out/bin/babelfish
    chmod +x $out/bin/babelfish
  '';
  # nixpkgs' makeWrapper as a build input: its setup hook defines
  # makeWrapper and wrapProgram (make-wrapper.sh), as home-manager's
  # modules use it (pandoc, starship, delta, nnn…).
  makeWrapper = trivial.runCommand "make-wrapper-hook" { script = texts.makeWrapper; passAsFile = [ "script" ]; } ''
    mkdir -p $out/nix-support
    cp "$scriptPath" $out/nix-support/setup-hook
  '';
  # nixpkgs' setup hook giving a build a writable HOME where Nix's
  # /homeless-shelter is not (home-manager's atuin module runs atuin with it).
  writableTmpDirAsHomeHook = trivial.runCommand "writable-tmpdir-as-home-hook" { } ''
    mkdir -p $out/nix-support
    cat > $out/nix-support/setup-hook <<'EOF'
    if [ ! -w "$HOME" ]; then
      HOME="$NIX_BUILD_TOP/.home"
      mkdir -p "$HOME"
      export HOME
    fi
    EOF
  '';
  # home-manager's own command (programs.home-manager) takes nixos-option
  # for `home-manager option`. nixos-option evaluates a configuration with
  # Nix, which these hosts do not have: the program says so and fails.
  nixos-option = trivial.runCommand "nixos-option" { } ''
    mkdir -p $out/bin
    cat > $out/bin/nixos-option <<'EOF'
    #!${stdenv.shell}
    echo "nixos-option: not available: it evaluates configurations with Nix, and this host is managed by system-manager without Nix" >&2
    exit 1
    EOF
    chmod +x $out/bin/nixos-option
  '';
}
# nixpkgs' JDKs and JREs have their home (JAVA_HOME, home-manager's
# programs.java) in lib/openjdk: Debian's, made one tree there by the
# Debian provider (its fixups' `trees`).
// builtins.listToAttrs (
  map (name: {
    inherit name;
    value = prebuilt.${name} // { home = "${prebuilt.${name}}/lib/openjdk"; };
  }) (
    [ "jdk" "jdk_headless" "openjdk" "openjdk_headless" "jre" "jre_headless" ]
    ++ builtins.concatMap (v: [ "jdk${v}" "jdk${v}_headless" "openjdk${v}" "openjdk${v}_headless" ]) [ "11" "17" "21" "25" ]
  )
)
