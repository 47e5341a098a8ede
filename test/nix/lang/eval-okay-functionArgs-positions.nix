let
  f = { a, b ? 1 }: a;
  pos = builtins.unsafeGetAttrPos "b" (builtins.functionArgs f);
in
[ (builtins.functionArgs f) pos.line pos.column ]
