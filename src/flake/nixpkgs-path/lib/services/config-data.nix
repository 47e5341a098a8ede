# system-manager's equivalent of nixpkgs' lib/services/config-data.nix:
# `configData.<name>`, files a modular service reads its configuration
# from (see config-data-item.nix for one file).
{ pkgs }:
{ lib, ... }:
{
  options.configData = lib.mkOption {
    type = lib.types.lazyAttrsOf (lib.types.submodule (lib.modules.importApply ./config-data-item.nix pkgs));
    default = { };
    description = ''
      Configuration files of the service, by name. The service manager
      decides where they are placed (each file's `path`), so that they can
      change without restarting the service.
    '';
  };
}
