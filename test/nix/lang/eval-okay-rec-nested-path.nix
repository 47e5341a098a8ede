rec { a.b = c; c = 5; }
