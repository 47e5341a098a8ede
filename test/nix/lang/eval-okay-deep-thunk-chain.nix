let l = builtins.genList (i: i) 5000; s = builtins.foldl' (acc: i: acc // { "k${toString i}" = i; }) { } l; in builtins.length (builtins.attrNames s)
