let f = { a }: a; in builtins.functionArgs f
