let
  s = { a = 1; };
  key = 1;
in
s.${  key}
