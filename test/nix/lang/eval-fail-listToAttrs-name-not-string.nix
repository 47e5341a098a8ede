builtins.listToAttrs [
  { value = 1; name = "ok"; }
  { name = null; value = 2; }
]
