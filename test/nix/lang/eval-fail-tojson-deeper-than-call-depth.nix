# A list linked 12,000 deep: toJSON stops at Nix's max-call-depth with
# its stack overflow error (and does not take time growing with depth²).
let
  chain = builtins.foldl' (rest: n: { inherit n rest; }) null (builtins.genList (i: i) 12000);
in
builtins.toJSON chain
