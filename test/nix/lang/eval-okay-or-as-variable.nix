with { or = 5; }; (x: x) or
