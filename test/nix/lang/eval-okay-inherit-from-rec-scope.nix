rec { s = { a = 7; }; inherit (s) a; }
