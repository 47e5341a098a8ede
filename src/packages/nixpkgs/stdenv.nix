# system-manager's stdenv: the platform (lib.systems.elaborate when the lib
# has it), and mkDerivation for simple builds. A derivation made here is
# run by bash (pkgs.bash) with `-e default-builder.sh`, which sources our
# setup.sh and calls genericBuild: `buildCommand` when set, else the
# phases unpack, patch, configure, build, check, install and fixup
# (documented in setup.sh). `overrideAttrs` takes `prev: {…}` or
# `final: prev: {…}`, and mkDerivation accepts `finalAttrs: {…}`, as
# nixpkgs does. No C compiler: runCommandCC and `$CC` are out of reach.
{
  lib,
  system,
  tools,
  setupText,
}:
let
  fallbackPlatform = {
    inherit system;
    config = system;
    isLinux = lib.hasSuffix "-linux" system;
    isDarwin = lib.hasSuffix "-darwin" system;
    isx86_64 = lib.hasPrefix "x86_64-" system;
    isAarch64 = lib.hasPrefix "aarch64-" system;
    isi686 = lib.hasPrefix "i686-" system;
    is64bit = lib.hasPrefix "x86_64-" system || lib.hasPrefix "aarch64-" system;
    parsed.cpu.name = builtins.head (lib.splitString "-" system);
    parsed.kernel.name = lib.last (lib.splitString "-" system);
  };
  platform = if lib ? systems && lib.systems ? elaborate then lib.systems.elaborate system else fallbackPlatform;
  shell = "${tools.bash}/bin/bash";
  setup = builtins.toFile "setup.sh" setupText;
  defaultBuilder = builtins.toFile "default-builder.sh" ''
    source ${setup}
    genericBuild
  '';

  toExtension = import ./to-extension.nix;

  # The attributes that are Nix-side only: never in the builder's environment.
  notEnv = [
    "passthru"
    "meta"
    "pos"
    "env"
    "finalPackage"
    "overrideAttrs"
    "__spliced"
  ];

  make =
    args: overrideAttrs:
    let
      # nixpkgs makes the name a valid store path name (home-manager names a file "redshift/redshift.conf").
      name = lib.strings.sanitizeDerivationName (args.name or "${args.pname}-${args.version}");
      outputs = args.outputs or [ "out" ];
      env =
        removeAttrs args notEnv
        // (args.env or { })
        // {
          inherit name system outputs;
          builder = args.builder or shell;
          args = args.args or [
            "-e"
            defaultBuilder
          ];
          initialPath = tools.initialPath;
          stdenvShell = shell;
        };
      drv = derivation env;
      extra =
        (args.passthru or { })
        // {
          meta = args.meta or { };
          passthru = args.passthru or { };
          inherit overrideAttrs;
        }
        // lib.optionalAttrs (args ? pname) { inherit (args) pname; }
        // lib.optionalAttrs (args ? version) { inherit (args) version; };
      withExtra = d: d // extra;
      outs = lib.genAttrs outputs (o: withExtra drv.${o});
    in
    withExtra drv // outs // { all = map (o: outs.${o}) outputs; };

  fromRattrs =
    rattrs:
    let
      args = rattrs (args // { inherit finalPackage overrideAttrs; });
      overrideAttrs = f: fromRattrs (lib.extends (toExtension f) rattrs);
      finalPackage = make args overrideAttrs;
    in
    finalPackage;

  mkDerivation = fnOrAttrs: fromRattrs (if builtins.isFunction fnOrAttrs then fnOrAttrs else _: fnOrAttrs);
in
{
  inherit
    system
    mkDerivation
    shell
    setup
    ;
  hostPlatform = platform;
  buildPlatform = platform;
  targetPlatform = platform;
  inherit (platform) isLinux isDarwin;
}
# The host platform's predicates nixpkgs' stdenv has too (stdenv.isi686, stdenv.is64bit…).
// lib.genAttrs [
  "isSunOS" "isCygwin" "isBSD" "isFreeBSD" "isOpenBSD" "isi686" "isx86_32" "isx86_64" "is32bit" "is64bit" "isAarch32" "isAarch64" "isMips" "isBigEndian"
] (name: platform.${name} or false)
// {
  shellDryRun = "${shell} -n -O extglob";
  cc = null;
  initialPath = tools.initialPath;
}
