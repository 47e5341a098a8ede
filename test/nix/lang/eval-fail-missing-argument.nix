let f = { a, b }: a; in f { a = 1; }
