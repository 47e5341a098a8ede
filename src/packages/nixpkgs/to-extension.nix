# overrideAttrs' argument as an extension, as nixpkgs' lib.toExtension
# makes it: an attribute set, a function of the previous attributes, or a
# function of the final and then the previous ones (told apart by whether
# applying it to the previous ones gives a function again).
f:
if builtins.isFunction f then
  final: prev:
  let
    fPrev = f prev;
  in
  if builtins.isFunction fPrev then f final prev else fPrev
else
  _: _: f
