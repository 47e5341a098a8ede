import ./does-not-exist.nix
