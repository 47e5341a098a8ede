# system-manager's equivalent of nixpkgs' lib/services/config-data-item.nix:
# one configuration file of a modular service, given as `text` (written
# to the store) or as a `source` path; `path` is set by the service manager.
pkgs:
{
  lib,
  name,
  config,
  options,
  ...
}:
{
  options = {
    enable = lib.mkOption {
      type = lib.types.bool;
      default = true;
      description = "Whether this file is generated.";
    };
    name = lib.mkOption {
      type = lib.types.str;
      description = "The file's name, relative to the service's configuration directory (by default the attribute name).";
    };
    path = lib.mkOption {
      type = lib.types.str;
      readOnly = true;
      description = "Where the service finds the file (set by the service manager).";
    };
    text = lib.mkOption {
      type = lib.types.nullOr lib.types.lines;
      default = null;
      description = "The file's contents.";
    };
    source = lib.mkOption {
      type = lib.types.path;
      description = "The file to use.";
    };
  };
  config = {
    name = lib.mkDefault name;
    source = lib.mkIf (config.text != null) (
      lib.mkDerivedConfig options.text (pkgs.writeText ("service-configdata-" + lib.replaceStrings [ "/" ] [ "-" ] name))
    );
  };
}
