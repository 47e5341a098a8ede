# system-manager's equivalent of nixpkgs' modules/generic/meta-maintainers.nix,
# served when the nixpkgs input lacks it (nixpkgs.lib has only lib/, whose lib/services imports it): `meta.maintainers`,
# the maintainers of each module, grouped by the file that names them.
{ lib, ... }:
let
  byFile = lib.mkOptionType {
    name = "maintainers";
    description = "list of maintainers, grouped by the module that names them";
    check = lib.isList;
    merge = _loc: defs: lib.zipAttrsWith (_file: lists: lib.concatLists lists) (map (d: { ${d.file} = d.value; }) defs);
  };
in
{
  options.meta.maintainers = lib.mkOption {
    type = byFile;
    internal = true;
    default = [ ];
    description = "The maintainers of a module, by the file that declares them.";
  };
}
