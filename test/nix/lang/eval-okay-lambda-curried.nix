let add = a: b: a + b; in add 1 2
