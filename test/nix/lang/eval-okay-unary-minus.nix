let x = 3; f = y: y; in [ (-x) (- x) (-f 2) (0-x) (-(-x)) ]
