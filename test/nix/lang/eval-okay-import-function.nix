import ./lib/func.nix { a = 2; }
