# The builders that link other store paths together, with nixpkgs'
# semantics: lndir (X11's, as a bash script), linkFarm, symlinkJoin (lndir
# over each path) and buildEnv (build-env.sh: builder.pl's rules).
{
  lib,
  stdenv,
  storeDir,
  runCommand,
  writeTextFile,
  buildEnvText,
  lndirText,
}:
let
  shebang = "#!${stdenv.shell}";
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
in
{
  inherit lndir;
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
}
