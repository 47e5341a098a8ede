let x = "b"; in (./a/${x}) == ./a/b
