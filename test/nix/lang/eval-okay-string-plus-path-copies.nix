builtins.substring 0 11 ("" + ./lib/imported.nix)
