let
  names = builtins.mapAttrs (name: name) { x = 1; };
in
names.x
