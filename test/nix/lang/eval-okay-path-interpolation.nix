let x = "bar"; in [ /foo/${x} /foo/${x}.nix /${x} ]
