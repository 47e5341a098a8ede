{ a.b.c = 5; }.a.b.c
