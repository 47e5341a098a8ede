let f = { name, value }: name; in f { name = 1; value = 2; valeu = 3; }
