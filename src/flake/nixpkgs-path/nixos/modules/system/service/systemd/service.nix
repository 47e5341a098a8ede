# system-manager's equivalent of nixpkgs'
# nixos/modules/system/service/systemd/service.nix: the systemd part of a
# modular service. `systemd.services` and `systemd.sockets` hold unit
# modules by unit name ("" is the service's primary unit, the others are
# prefixed with the service's name by the service manager);
# `systemd.mainExecStart` is `process.argv` as one ExecStart line, each
# argument quoted as JSON with `%` and `$` doubled (systemd's specifiers
# and variables); the primary unit runs it, restarted always.
{
  lib,
  config,
  ...
}:
let
  execArg =
    arg:
    let
      s =
        if builtins.isPath arg || builtins.isString arg || lib.isDerivation arg then
          "${arg}"
        else if builtins.isInt arg || builtins.isFloat arg then
          toString arg
        else
          throw "escapeSystemdExecArg only allows strings, paths, numbers and derivations";
    in
    builtins.replaceStrings [ "%" "$" ] [ "%%" "$$" ] (builtins.toJSON s);
  units =
    what:
    lib.mkOption {
      type = lib.types.lazyAttrsOf lib.types.deferredModule;
      default = { };
      description = "The service's systemd ${what}, by unit name: \"\" is its primary unit, other names are prefixed with the service's name.";
    };
in
{
  _class = "service";
  options.systemd = {
    services = units "services";
    sockets = units "sockets";
    mainExecStart = lib.mkOption {
      type = lib.types.singleLineStr;
      default = lib.concatMapStringsSep " " execArg config.process.argv;
      defaultText = lib.literalMD "{option}`process.argv`, quoted for systemd";
      description = "The primary unit's ExecStart: the service's command line, quoted for systemd.";
    };
  };
  config.systemd.services."" = {
    wantedBy = lib.mkDefault [ "multi-user.target" ];
    serviceConfig = {
      Type = lib.mkDefault "simple";
      Restart = lib.mkDefault "always";
      RestartSec = lib.mkDefault "5";
      ExecStart = [
        ""
        config.systemd.mainExecStart
      ];
    };
  };
}
