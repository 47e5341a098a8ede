let
  extra = { b = 10; c = 20; };
in
[
  (rec { __overrides = extra; a = b + 1; b = 1; ${"d"} = a; })
  { __overrides = { a = 2; }; a = 1; }
  (builtins.unsafeGetAttrPos "c" (rec { __overrides = extra; })).line
]
