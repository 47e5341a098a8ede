# mapAttrs makes new attributes: like Nix, it keeps no positions for them,
# while the set it maps keeps its own.
let
  original = { here = 1; };
  mapped = builtins.mapAttrs (name: value: value + 1) original;
in
{
  mapped = builtins.unsafeGetAttrPos "here" mapped;
  originalLine = (builtins.unsafeGetAttrPos "here" original).line;
  value = mapped.here;
}
