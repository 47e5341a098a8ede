builtins.mapAttrs "not a function" {
  x = 1;
}
