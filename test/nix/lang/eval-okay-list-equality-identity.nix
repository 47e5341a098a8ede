let f = x: x; l = [ f ]; in l == l
