let s = { a.b = 1; }; in [ (s ? a) (s ? a.b) (s ? a.c) (s ? x.y) (1 ? a) (s ? "a") (s ? ${"a"}) ]
