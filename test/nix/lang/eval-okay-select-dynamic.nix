let n = "x"; s = { x = 1; "a b" = 2; }; in [ s.${n} s."a b" s.${"x"} ]
