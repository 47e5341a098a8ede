builtins.typeOf (/foo + "/x")
