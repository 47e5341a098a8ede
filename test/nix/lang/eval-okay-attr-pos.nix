let s = {
  a = 1;
  b.c = 2;
}; in [ (builtins.unsafeGetAttrPos "a" s).line (builtins.unsafeGetAttrPos "a" s).column (builtins.unsafeGetAttrPos "b" s).line (builtins.unsafeGetAttrPos "x" s) ]
