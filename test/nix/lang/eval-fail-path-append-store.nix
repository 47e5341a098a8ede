/foo + "${./lib/imported.nix}"
