# The text writers with nixpkgs' semantics (its manual, "Trivial build
# helpers"): writeTextFile (name, text, executable, destination,
# checkPhase, meta.mainProgram for an executable in /bin) and its
# variants writeText, writeTextDir, writeScript(Bin), writeShellScript(Bin)
# and writeShellApplication (errexit/nounset/pipefail, runtimeInputs on
# PATH, bash -n as its check). Each is a runCommand.
{
  lib,
  stdenv,
  runCommand,
}:
let
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
  dryRun = ''
    ${stdenv.shellDryRun} "$target"
  '';
in
rec {
  inherit writeTextFile;
  writeText =
    name: text:
    assert lib.assertMsg (lib.strings.isConvertibleWithToString text) ''pkgs.writeText ${lib.strings.escapeNixString name}: The second argument should be a string, but it's a ${builtins.typeOf text} instead.'';
    writeTextFile { inherit name text; };
  # The store name is the file's, made valid ("bad idea" → "bad-idea": home-manager's zsh siteFunctions test names one so).
  writeTextDir =
    path: text:
    writeTextFile {
      inherit text;
      name = (lib.strings.sanitizeDerivationName or (n: n)) (builtins.baseNameOf path);
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

}
