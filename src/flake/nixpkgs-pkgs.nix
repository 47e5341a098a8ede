# What a nixpkgs input made from a source tree adds over system-manager's
# package set (every `pkgs.<attr>` a Debian package): the nixpkgs lib,
# `path`, the platform (`stdenv`), the trivial builders and `formats`
# that home-manager's modules call while they evaluate. Builders make
# real derivations (their texts are in the derivation's attributes);
# building them is the store's business, not the evaluation's.
{
  lib,
  path,
  system,
  config,
  overlays,
  packages,
}:
let
  platform = lib.systems.elaborate system;
  shell = "${packages.bash}/bin/bash";
  toolPath = lib.makeBinPath [
    packages.coreutils
    packages.findutils
    packages.gnugrep
    packages.gnused
  ];

  # A derivation run by bash with `buildCommand`; passthru and meta stay out of its environment.
  mkCommand =
    name: env: buildCommand:
    let
      passthru = env.passthru or { };
      drv = derivation (
        removeAttrs env [
          "passthru"
          "meta"
          "nativeBuildInputs"
          "buildInputs"
        ]
        // {
          inherit name system buildCommand;
          builder = shell;
          args = [
            "-c"
            ''PATH=${toolPath}''${PATH:+:$PATH}; eval "$buildCommand"''
          ];
          nativeBuildInputs = env.nativeBuildInputs or [ ];
        }
      );
    in
    drv // passthru // { meta = env.meta or { }; };

  runCommand = name: env: mkCommand name ({ preferLocalBuild = true; } // env);

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
    mkCommand name
      (
        {
          inherit
            text
            executable
            checkPhase
            allowSubstitutes
            preferLocalBuild
            destination
            meta
            ;
          passAsFile = [ "text" ];
          passthru = passthru // {
            inherit text executable destination;
          };
        }
        // derivationArgs
      )
      ''
        target="$out$destination"
        mkdir -p "$(dirname "$target")"
        if [ -e "''${textPath:-}" ]; then mv "$textPath" "$target"; else printf '%s' "$text" > "$target"; fi
        if [ "$executable" = 1 ]; then chmod +x "$target"; fi
        eval "$checkPhase"
      '';

  writeText = name: text: writeTextFile { inherit name text; };
  writeScript =
    name: text:
    writeTextFile {
      inherit name text;
      executable = true;
    };
  writeShellScript =
    name: text:
    writeTextFile {
      inherit name;
      executable = true;
      text = "#!${shell}\n${text}";
    };
  writeShellScriptBin =
    name: text:
    writeTextFile {
      inherit name;
      executable = true;
      destination = "/bin/${name}";
      text = "#!${shell}\n${text}";
      meta.mainProgram = name;
    };
  writeTextDir =
    path': text:
    writeTextFile {
      name = builtins.baseNameOf path';
      inherit text;
      destination = "/${path'}";
    };

  linkFarm =
    name: entries:
    let
      list = if builtins.isList entries then entries else lib.mapAttrsToList (name: path: { inherit name path; }) entries;
    in
    runCommand name { } (
      "mkdir -p $out\n"
      + lib.concatMapStrings (e: ''
        mkdir -p "$(dirname ${lib.escapeShellArg "${placeholder "out"}/${e.name}"})"
        ln -s ${lib.escapeShellArg "${e.path}"} ${lib.escapeShellArg "${placeholder "out"}/${e.name}"}
      '') list
    );

  symlinkJoin =
    {
      name,
      paths,
      postBuild ? "",
      ...
    }@args:
    runCommand name (removeAttrs args [ "name" "paths" "postBuild" ] // { inherit paths; }) ''
      mkdir -p $out
      for p in $paths; do cp -rs --no-preserve=mode "$p/." "$out/" 2>/dev/null || true; done
      ${postBuild}
    '';

  buildEnv =
    {
      name,
      paths,
      postBuild ? "",
      extraOutputsToInstall ? [ ],
      ...
    }@args:
    (symlinkJoin {
      inherit name postBuild;
      paths = lib.filter (p: p != null) paths;
    })
    // {
      passthru.paths = paths;
    };

  replaceVars =
    src: vars:
    runCommand (builtins.baseNameOf src) { inherit src; } (
      "cp \"$src\" $out\nchmod u+w $out\n"
      + lib.concatStrings (
        lib.mapAttrsToList (k: v: ''
          sed -i "s|@${k}@|${toString v}|g" $out
        '') vars
      )
    );

  atom = lib.types.nullOr (
    lib.types.oneOf [
      lib.types.bool
      lib.types.int
      lib.types.float
      lib.types.str
      lib.types.path
    ]
  );
  value =
    lib.types.oneOf [
      atom
      (lib.types.attrsOf value)
      (lib.types.listOf value)
    ]
    // {
      description = "JSON value";
    };
  data = lib.types.nullOr value;

  # A format whose file is made by a tool at build time (jq, remarshal, …).
  generated = tool: {
    type = data;
    generate =
      name: v:
      runCommand name {
        value = builtins.toJSON v;
        passAsFile = [ "value" ];
        passthru.formatted = {
          inherit tool;
          value = v;
        };
      } "${tool} < \"$valuePath\" > $out";
  };

  iniAtom = lib.types.nullOr (
    lib.types.oneOf [
      lib.types.bool
      lib.types.int
      lib.types.float
      lib.types.str
    ]
  );
  iniValue = {
    listsAsDuplicateKeys ? false,
    listToValue ? null,
    ...
  }: if listsAsDuplicateKeys || listToValue != null then lib.types.either iniAtom (lib.types.listOf iniAtom) else iniAtom;

  formats = {
    json = { }: generated "jq .";
    yaml = { }: generated "yq -y .";
    yaml_1_1 = { }: generated "yq -y .";
    yaml_1_2 = { }: generated "yq -y .";
    toml = { }: generated "remarshal -if json -of toml";
    xml =
      {
        withHeader ? true,
      }:
      generated "xml";
    javaProperties = { ... }: {
      type = lib.types.attrsOf lib.types.str;
      generate = name: v: writeText name (lib.concatStrings (lib.mapAttrsToList (k: x: "${k} = ${x}\n") v));
    };
    ini =
      args:
      {
        type = lib.types.attrsOf (lib.types.attrsOf (iniValue args));
        generate = name: v: writeText name (lib.generators.toINI (removeAttrs args [ "listToValue" ]) v);
        lib.types.atom = iniValue args;
      };
    iniWithGlobalSection = args: {
      type = lib.types.submodule {
        options = {
          globalSection = lib.mkOption {
            type = lib.types.attrsOf (iniValue args);
            default = { };
          };
          sections = lib.mkOption {
            type = lib.types.attrsOf (lib.types.attrsOf (iniValue args));
            default = { };
          };
        };
      };
      generate = name: v: writeText name (lib.generators.toINIWithGlobalSection (removeAttrs args [ "listToValue" ]) v);
      lib.types.atom = iniValue args;
    };
    keyValue =
      args:
      {
        type = lib.types.attrsOf (iniValue args);
        generate = name: v: writeText name (lib.generators.toKeyValue (removeAttrs args [ "listToValue" ]) v);
        lib.types.atom = iniValue args;
      };
    gitIni =
      { ... }:
      {
        type = lib.types.attrsOf (lib.types.attrsOf (lib.types.either iniAtom (lib.types.attrsOf iniAtom)));
        generate = name: v: writeText name (lib.generators.toGitINI v);
      };
  };
in
{
  inherit
    lib
    path
    system
    config
    overlays
    formats
    runCommand
    writeTextFile
    writeText
    writeScript
    writeShellScript
    writeShellScriptBin
    writeTextDir
    linkFarm
    symlinkJoin
    buildEnv
    replaceVars
    ;
  stdenv = {
    inherit system;
    hostPlatform = platform;
    buildPlatform = platform;
    targetPlatform = platform;
    inherit (platform) isLinux isDarwin;
    isx86_64 = platform.isx86_64;
    isAarch64 = platform.isAarch64;
    shell = shell;
    shellDryRun = "${shell} -n -O extglob";
  };
  stdenvNoCC = { inherit system; hostPlatform = platform; buildPlatform = platform; inherit (platform) isLinux isDarwin; };
  runCommandLocal = runCommand;
  runCommandNoCC = runCommand;
  emptyDirectory = runCommand "empty-directory" { } "mkdir -p $out";
  emptyFile = runCommand "empty-file" { } "touch $out";
  buildPackages = packages;
  pkgsBuildBuild = packages;
  makeWrapper = packages.makeWrapper;
  hostPlatform = platform;
  buildPlatform = platform;
  targetPlatform = platform;
}
