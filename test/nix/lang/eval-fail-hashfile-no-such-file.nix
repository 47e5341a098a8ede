builtins.mapAttrs (_: builtins.hashFile "sha256") { missing = ./no-such-file-to-hash; }
