let f = x: y; in 1
