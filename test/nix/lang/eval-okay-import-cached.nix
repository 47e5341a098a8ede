let a = import ./lib/imported.nix; b = import ./lib/imported.nix; in a == b
