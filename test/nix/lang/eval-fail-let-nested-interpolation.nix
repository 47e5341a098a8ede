let
  ${"${"name"}"} = 1;
in
name
