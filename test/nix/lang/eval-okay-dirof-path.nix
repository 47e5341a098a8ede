[ (builtins.dirOf /x/a/b) (builtins.baseNameOf /x/a/b) ]
