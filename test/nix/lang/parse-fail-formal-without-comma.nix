# The formals lack a comma; the binding that uses the function is not
# reported again as an undefined variable.
let
  f = { a, b c }: a;
  g = f { a = 1; };
in
g
