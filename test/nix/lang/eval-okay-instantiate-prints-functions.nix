# The result printer shows functions by kind only: a lambda, a builtin, a
# builtin given some of its arguments. A list is told apart by the value
# holding it: the list a `let` gives back is a value of its own, so the
# ring inside is printed once before it repeats; a variable held twice
# is «repeated».
let
  twice = f: x: f (f x);
  shared = [ 1 2 ];
in
[
  twice
  (twice (n: n + 1))
  builtins.elemAt
  (builtins.elemAt [ 5 ])
  (builtins.concatStringsSep "-")
  (builtins.substring 1 2)
  (let ring = [ ring ]; in ring)
  shared
  shared
]
