# system-manager's equivalent of nixpkgs' nixos/modules/misc/meta.nix,
# served when the nixpkgs input has no nixos/ tree: the `meta` options
# modules set about themselves (documentation, maintainers).
{ lib, ... }:
{
  imports = [ ../generic/meta-maintainers.nix ];
  options.meta = {
    doc = lib.mkOption {
      type = lib.types.path;
      internal = true;
      description = "The documentation of a module.";
    };
    buildDocsInSandbox = lib.mkOption {
      type = lib.types.bool;
      internal = true;
      default = true;
      description = "Whether the module's documentation can be built in a sandbox.";
    };
    teams = lib.mkOption {
      type = lib.types.listOf lib.types.raw;
      internal = true;
      default = [ ];
      description = "Teams responsible for a module.";
    };
  };
}
