let s = { }; in s.a.b.c or s.d or 5
