let a = { x = b.y; z = 1; }; b = { y = a.z; }; in a.x
