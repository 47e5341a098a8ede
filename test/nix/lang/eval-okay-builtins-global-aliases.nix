[ (__add 1 2) (builtins.add 1 2) (builtins.builtins.add 3 4) ]
