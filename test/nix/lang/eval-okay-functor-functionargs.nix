let f = { __functor = self: { a }: a; }; in [ (builtins.isFunction f) (f { a = 3; }) ]
