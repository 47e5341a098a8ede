(import ./lib/relative.nix).p == ./lib/x
