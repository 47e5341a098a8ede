# `utils`, the module argument NixOS modules receive (home-manager's NixOS
# module names its units with utils.escapeSystemdPath): the helpers of
# NixOS's utils that do not need nixpkgs' packages, with system-manager's
# toShellPath (shells are found in its system profile).
{ lib }:
let
  inherit (lib) strings;
  # The characters systemd-escape --path writes as \xNN.
  special = strings.stringToCharacters " !\"#$%&'()*+,;<=>=@[\\]^`{|}~-";
  withoutSlashes = s: lib.removeSuffix "/" (lib.removePrefix "/" s);
  leadingDot = s: if lib.hasPrefix "." s then strings.escapeC [ "." ] "." + lib.removePrefix "." s else s;
in
rec {
  escapeSystemdPath =
    s:
    let
      normal = strings.normalizePath s;
    in
    builtins.replaceStrings [ "/" ] [ "-" ] (
      leadingDot (strings.escapeC special (if normal == "/" then normal else withoutSlashes normal))
    );

  escapeSystemdExecArg =
    arg:
    let
      s =
        if builtins.isPath arg then
          "${arg}"
        else if builtins.isString arg then
          arg
        else if builtins.isInt arg || builtins.isFloat arg || lib.isDerivation arg then
          toString arg
        else
          throw "escapeSystemdExecArg only allows strings, paths, numbers and derivations";
    in
    builtins.replaceStrings [ "%" "$" ] [ "%%" "$$" ] (builtins.toJSON s);

  escapeSystemdExecArgs = lib.concatMapStringsSep " " escapeSystemdExecArg;

  toShellPath =
    shell:
    if lib.isDerivation shell && shell ? shellPath then
      "/run/system-manager/sw${shell.shellPath}"
    else if lib.isDerivation shell then
      throw "${shell} is not a shell package"
    else
      shell;
}
