scopedImport { magic = 42; } ./lib/scoped.nix
