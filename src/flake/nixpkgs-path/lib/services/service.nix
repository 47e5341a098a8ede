# system-manager's equivalent of nixpkgs' lib/services/service.nix: the
# options every modular service has (sub-services, the process's argv,
# configuration data files, assertions and warnings, meta.maintainers).
{ pkgs }:
{ lib, ... }:
let
  # Paths are given to the process as strings.
  argument = lib.types.coercedTo lib.types.path (p: "${p}") lib.types.str;
in
{
  _class = "service";
  imports = [
    ../../nixos/modules/generic/meta-maintainers.nix
    ../../nixos/modules/misc/assertions.nix
    (lib.modules.importApply ./config-data.nix { inherit pkgs; })
  ];
  options = {
    services = lib.mkOption {
      type = lib.types.attrsOf (lib.types.submoduleWith { modules = [ (lib.modules.importApply ./service.nix { inherit pkgs; }) ]; });
      default = { };
      visible = "shallow";
      description = "Sub-services of this service, configured together with it.";
    };
    process.argv = lib.mkOption {
      type = lib.types.listOf argument;
      description = "The command line that starts the service: its program and arguments, without shell quoting.";
    };
  };
}
