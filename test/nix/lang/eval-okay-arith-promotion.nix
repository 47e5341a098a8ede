[ (1 + 1.0) (builtins.typeOf (1 + 1.0)) (builtins.typeOf (2 * 3)) ]
