# system-manager's equivalent of nixpkgs' nixos/modules/misc/assertions.nix,
# served at <nixpkgs>/nixos/modules/misc/assertions.nix when a nixpkgs
# tree without nixos/ (nixpkgs.lib) is a flake input: the `assertions`
# and `warnings` options that home-manager's modules fill and check.
{ lib, ... }:
{
  options = {
    assertions = lib.mkOption {
      type = lib.types.listOf lib.types.unspecified;
      internal = true;
      default = [ ];
      example = [
        {
          assertion = false;
          message = "you can't enable this for that reason";
        }
      ];
      description = ''
        Conditions that must hold; each one that is false fails the
        evaluation with its message.
      '';
    };
    warnings = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      internal = true;
      default = [ ];
      example = [ "The `foo' service is deprecated and will go away soon!" ];
      description = ''
        Messages printed while the configuration is built.
      '';
    };
  };
}
