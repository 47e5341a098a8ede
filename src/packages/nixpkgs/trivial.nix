# The trivial builders with nixpkgs' semantics (its manual, "Trivial build
# helpers"): runCommand*, writeTextFile and its variants, symlinkJoin,
# linkFarm, buildEnv, replaceVars, substituteAll, emptyDirectory, lndir.
# Each is a derivation run by our stdenv (bash and coreutils); what it
# writes and the attributes it returns follow nixpkgs.
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

  writeTextFile =
    {
      name,
      text,
      executable ? false,
      destination ? "",
      checkPhase ? "",
      meta ? { },
      passthru ? { },
      allowSubstitutes ? false,
      preferLocalBuild ? true,
      derivationArgs ? { },
    }:
    assert lib.assertMsg (destination != "" -> (lib.hasPrefix "/" destination && destination != "/")) ''
      destination must be an absolute path, relative to the derivation's out path,
      got '${destination}' instead.

      Ensure that the path starts with a / and specifies at least the filename.
    '';
    let
      matches = builtins.match "/bin/([^/]+)" destination;
    in
    runCommand name (
      {
        inherit
          text
          executable
          checkPhase
          allowSubstitutes
          preferLocalBuild
          ;
        passAsFile = [ "text" ] ++ derivationArgs.passAsFile or [ ];
        meta =
          lib.optionalAttrs (executable && matches != null) { mainProgram = builtins.head matches; }
          // meta
          // derivationArgs.meta or { };
        passthru = passthru // derivationArgs.passthru or { };
      }
      // removeAttrs derivationArgs [
        "passAsFile"
        "meta"
        "passthru"
      ]
    ) ''
      target=$out${lib.escapeShellArg destination}
      mkdir -p "$(dirname "$target")"

      if [ -e "$textPath" ]; then
        mv "$textPath" "$target"
      else
        echo -n "$text" > "$target"
      fi

      if [ -n "$executable" ]; then
        chmod +x "$target"
      fi

      eval "$checkPhase"
    '';

  shebang = "#!${stdenv.shell}";
  # The base name of a path or store path, without the store hash and context (a derivation name has none).
  storeName =
    src:
    let
      base = builtins.unsafeDiscardStringContext (baseNameOf (toString src));
      m = builtins.match "[0-9a-df-np-sv-z]{32}-(.*)" base;
    in
    if m == null then base else builtins.head m;
  dryRun = ''
    ${stdenv.shellDryRun} "$target"
  '';

  lndir =
    (writeTextFile {
      name = "lndir";
      executable = true;
      destination = "/bin/lndir";
      text = "${shebang}\n${lndirText}";
    })
    // {
      pname = "lndir";
      version = "1.0.5";
    };

  linkFarm =
    name: entries:
    let
      entries' =
        if lib.isAttrs entries then
          entries
        else if lib.isList entries then
          lib.foldl (a: b: a // { "${b.name}" = b.path; }) { } entries
        else
          throw "linkFarm entries must be either attrs or a list!";
      linkCommands = lib.mapAttrsToList (name: path: ''
        mkdir -p -- "$(dirname -- ${lib.escapeShellArg "${name}"})"
        ln -s -- ${lib.escapeShellArg "${path}"} ${lib.escapeShellArg "${name}"}
      '') entries';
    in
    runCommand name
      {
        preferLocalBuild = true;
        allowSubstitutes = false;
        passthru.entries = entries';
      }
      ''
        mkdir -p $out
        cd $out
        ${lib.concatStrings linkCommands}
      '';
in
rec {
  inherit
    runCommandWith
    runCommand
    runCommandLocal
    writeTextFile
    lndir
    linkFarm
    ;
  runCommandCC = runCommand;
  runCommandNoCC = runCommand;
  runCommandNoCCLocal = runCommandLocal;

  writeText =
    name: text:
    assert lib.assertMsg (lib.strings.isConvertibleWithToString text) ''pkgs.writeText ${lib.strings.escapeNixString name}: The second argument should be a string, but it's a ${builtins.typeOf text} instead.'';
    writeTextFile { inherit name text; };
  writeTextDir =
    path: text:
    writeTextFile {
      inherit text;
      name = builtins.baseNameOf path;
      destination = "/${path}";
    };
  writeScript =
    name: text:
    writeTextFile {
      inherit name text;
      executable = true;
    };
  writeScriptBin =
    name: text:
    writeTextFile {
      inherit name text;
      executable = true;
      destination = "/bin/${name}";
    };
  writeShellScript =
    name: text:
    writeTextFile {
      inherit name;
      executable = true;
      text = ''
        ${shebang}
        ${text}
      '';
      checkPhase = dryRun;
    };
  writeShellScriptBin =
    name: text:
    writeTextFile {
      inherit name;
      executable = true;
      destination = "/bin/${name}";
      text = ''
        ${shebang}
        ${text}
      '';
      checkPhase = dryRun;
      meta.mainProgram = name;
    };
  writeShellApplication =
    {
      name,
      text,
      runtimeInputs ? [ ],
      runtimeEnv ? null,
      meta ? { },
      passthru ? { },
      checkPhase ? null,
      excludeShellChecks ? [ ],
      extraShellCheckFlags ? [ ],
      bashOptions ? [
        "errexit"
        "nounset"
        "pipefail"
      ],
      derivationArgs ? { },
      inheritPath ? true,
    }:
    writeTextFile {
      inherit
        name
        meta
        passthru
        derivationArgs
        ;
      executable = true;
      destination = "/bin/${name}";
      allowSubstitutes = true;
      preferLocalBuild = false;
      text =
        ''
          ${shebang}
          ${lib.concatMapStringsSep "\n" (option: "set -o ${option}") bashOptions}
        ''
        + lib.optionalString (runtimeEnv != null) (
          lib.concatStrings (
            lib.mapAttrsToList (name: value: ''
              ${lib.toShellVar name value}
              export ${name}
            '') runtimeEnv
          )
        )
        + lib.optionalString (runtimeInputs != [ ]) ''

          export PATH="${lib.makeBinPath runtimeInputs}${lib.optionalString inheritPath ":$PATH"}"
        ''
        + ''

          ${text}
        '';
      checkPhase =
        if checkPhase == null then
          ''
            runHook preCheck
            ${stdenv.shellDryRun} "$target"
            runHook postCheck
          ''
        else
          checkPhase;
    };

  symlinkJoin =
    args_@{
      name ?
        assert lib.assertMsg (args_ ? pname && args_ ? version) "symlinkJoin requires either a `name` OR `pname` and `version`";
        "${args_.pname}-${args_.version}",
      paths,
      stripPrefix ? "",
      preferLocalBuild ? true,
      allowSubstitutes ? false,
      postBuild ? "",
      failOnMissing ? stripPrefix == "",
      ...
    }:
    let
      mapPaths = f: map (p: if p == null then null else if lib.isList p then mapPaths f p else f p);
      args =
        removeAttrs args_ [
          "name"
          "postBuild"
          "stripPrefix"
          "paths"
          "failOnMissing"
        ]
        // {
          inherit preferLocalBuild allowSubstitutes;
          paths = mapPaths (path: "${path}${stripPrefix}") paths;
          passAsFile = [ "paths" ];
        };
    in
    runCommand name args ''
      mkdir -p $out
      for i in $(cat $pathsPath); do
        ${lib.optionalString (!failOnMissing) "if test -d $i; then "}${lndir}/bin/lndir -silent $i $out${lib.optionalString (!failOnMissing) "; fi"}
      done
      ${postBuild}
    '';

  buildEnv =
    {
      name,
      paths,
      ignoreCollisions ? false,
      checkCollisionContents ? true,
      pathsToLink ? [ "/" ],
      extraOutputsToInstall ? [ ],
      extraPrefix ? "",
      postBuild ? "",
      nativeBuildInputs ? [ ],
      buildInputs ? [ ],
      passthru ? { },
      meta ? { },
      manifest ? "",
      ...
    }:
    let
      chosenOutputs = map (drv: {
        paths =
          [ drv ]
          ++ lib.concatMap (o: lib.optional (builtins.isAttrs drv && drv ? ${o} && o != (drv.outputName or "out")) drv.${o}) extraOutputsToInstall;
        priority = if builtins.isAttrs drv then drv.meta.priority or 5 else 5;
      }) (lib.filter (p: p != null) paths);
    in
    runCommand name
      {
        inherit manifest ignoreCollisions checkCollisionContents extraPrefix postBuild nativeBuildInputs buildInputs meta;
        pathsToLink = lib.concatStringsSep " " pathsToLink;
        pkgs = lib.concatMapStrings (o: "${toString o.priority} ${lib.concatMapStringsSep " " toString o.paths}\n") chosenOutputs;
        passAsFile = [ "pkgs" "buildCommand" ];
        inherit storeDir;
        passthru = passthru // { paths = paths; };
        preferLocalBuild = true;
        allowSubstitutes = false;
      }
      ''
        ${buildEnvText}
        eval "$postBuild"
      '';

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
