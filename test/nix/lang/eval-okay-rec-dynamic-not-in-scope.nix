let b = 1; in rec { ${"b"} = 2; c = b; }
