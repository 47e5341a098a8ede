# system-manager's equivalent of nixpkgs' nixos/modules/generic/meta-maintainers.nix,
# served when the nixpkgs input has no nixos/ tree: as in nixpkgs, the
# module at the top of the tree (modules/generic/meta-maintainers.nix).
{
  imports = [ ../../../modules/generic/meta-maintainers.nix ];
}
