let a-b = 1; c' = 2; d'' = 3; _e = 4; f-1 = 5; in [ a-b c' d'' _e f-1 ]
