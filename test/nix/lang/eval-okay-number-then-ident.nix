let e5 = 10; f = x: y: x + y; in f 1e5
