let f = x: x; s = { a = 1; }; in [ f s.a (f 2) ]
