[ builtins.add map ]
