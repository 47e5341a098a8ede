let p = "${./lib/imported.nix}"; in [ (builtins.hasContext p) (builtins.hasContext "x") (builtins.hasContext (builtins.unsafeDiscardStringContext p)) ]
