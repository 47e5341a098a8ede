# The trivial builders with nixpkgs' semantics (its manual, "Trivial build
# helpers"): runCommand and its variants, replaceVars, substitute, substituteAll,
# emptyDirectory and emptyFile here; the text writers in writers.nix and
# the linking builders (symlinkJoin, buildEnv, linkFarm, lndir) in
# links.nix. Each is a derivation run by our stdenv (bash and coreutils);
# what it writes and the attributes it returns follow nixpkgs.
{
  lib,
  stdenv,
  storeDir,
  buildEnvText,
  lndirText,
}:
let
  runCommandWith =
    {
      stdenv,
      runLocal ? false,
      derivationArgs ? { },
      name,
    }:
    buildCommand:
    stdenv.mkDerivation (
      {
        enableParallelBuilding = true;
        inherit buildCommand name;
        passAsFile = [ "buildCommand" ] ++ (derivationArgs.passAsFile or [ ]);
      }
      // lib.optionalAttrs runLocal {
        preferLocalBuild = true;
        allowSubstitutes = false;
      }
      // removeAttrs derivationArgs [ "passAsFile" ]
    );
  runCommand =
    name: env:
    runCommandWith {
      inherit stdenv name;
      derivationArgs = env;
    };
  runCommandLocal =
    name: env:
    runCommandWith {
      inherit stdenv name;
      runLocal = true;
      derivationArgs = env;
    };

  # The base name of a path or store path, without the store hash and context (a derivation name has none).
  storeName =
    src:
    let
      base = builtins.unsafeDiscardStringContext (baseNameOf (toString src));
      m = builtins.match "[0-9a-df-np-sv-z]{32}-(.*)" base;
    in
    if m == null then base else builtins.head m;
  writers = import ./writers.nix { inherit lib stdenv runCommand; };
  links = import ./links.nix {
    inherit lib stdenv storeDir runCommand buildEnvText lndirText;
    inherit (writers) writeTextFile;
  };
in
writers
// links
// {
  inherit runCommandWith runCommand runCommandLocal;
  # No C compiler in our stdenv: runCommandCC runs like runCommand ($CC is unset).
  runCommandCC = runCommand;
  runCommandNoCC = runCommand;
  runCommandNoCCLocal = runCommandLocal;

  replaceVars =
    src: replacements:
    let
      subst = lib.concatStringsSep " " (lib.mapAttrsToList (k: v: if v == null then "" else lib.escapeShellArgs [ "--subst-var-by" k (toString v) ]) replacements);
      nulls = lib.attrNames (lib.filterAttrs (_: v: v == null) replacements);
    in
    stdenv.mkDerivation {
      name = storeName src;
      inherit src;
      dontUnpack = true;
      phases = [ "installPhase" ];
      installPhase = ''
        substitute "$src" "$out" ${subst}
        rest="$(cat "$out")"
        re='@[a-zA-Z_][0-9A-Za-z_'"'"'-]*@'
        while [[ "$rest" =~ $re ]]; do
          m="''${BASH_REMATCH[0]}"
          case " ${toString (map (n: "@${n}@") nulls)} " in
            *" $m "*) ;;
            *) echo "replaceVars: $src still contains $m after its replacements" >&2; exit 1 ;;
          esac
          rest="''${rest#*"$m"}"
        done
      '';
    };

  substituteAll =
    args:
    stdenv.mkDerivation (
      {
        name = if args ? name then args.name else storeName args.src;
        phases = [ "installPhase" ];
        installPhase = ''
          substituteAll "$src" "$out"
          if [ -n "''${isExecutable:-}" ]; then chmod +x "$out"; fi
        '';
        preferLocalBuild = true;
        allowSubstitutes = false;
      }
      // args
    );

  # nixpkgs' substitute: `substitutions` (--replace-fail a b, --subst-var-by n v, …) applied to src; the
  # deprecated `replacements` string is split on spaces as its shell did.
  substitute =
    args:
    let
      legacy = if args ? replacements then lib.filter (x: x != "") (lib.concatMap (lib.splitString " ") (lib.toList args.replacements)) else [ ];
    in
    stdenv.mkDerivation (
      {
        name = if args ? name then args.name else storeName args.src;
        phases = [ "installPhase" ];
        installPhase = ''
          substitute "$src" "$out" ${lib.escapeShellArgs ((args.substitutions or [ ]) ++ legacy)}
          if [ -n "''${isExecutable:-}" ]; then chmod +x "$out"; fi
        '';
        preferLocalBuild = true;
        allowSubstitutes = false;
      }
      // removeAttrs args [
        "substitutions"
        "replacements"
      ]
    );

  emptyDirectory = runCommand "empty-directory" {
    outputHashAlgo = "sha256";
    outputHashMode = "recursive";
    outputHash = "0sjjj9z1dhilhpc8pq4154czrb79z9cm044jvn75kxcjv6v5l2m5";
    preferLocalBuild = true;
    allowSubstitutes = false;
  } "mkdir -p $out";
  emptyFile = runCommand "empty-file" {
    outputHash = "sha256-d6xi4mKdjkX2JFicDIv5niSzpyI0m/Hnm8GGAIU04kY=";
    outputHashMode = "recursive";
    preferLocalBuild = true;
  } "touch $out";
}
