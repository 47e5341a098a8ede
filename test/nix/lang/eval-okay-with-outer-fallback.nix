with { a = 1; b = 3; }; with { a = 2; }; b
