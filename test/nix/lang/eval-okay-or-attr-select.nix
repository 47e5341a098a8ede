let s = { or = 5; }; in s.or
