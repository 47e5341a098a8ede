[ (builtins.tryEval (throw "x")) (builtins.tryEval 1) ]
