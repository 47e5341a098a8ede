import ./lib/imported.nix
