let s = { or = 1; "b" = 2; }; in { inherit (s) or "b"; }
