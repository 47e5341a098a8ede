# `or` outside a selection is a variable: `f or` calls f with it, also as a
# list item; after `a.b` it gives the selection's fallback instead.
let
  or = a: b: a || b;
  fold = builtins.foldl';
  pick = { x = 1; };
in
[
  (fold or false [ false true ])
  (fold or false [ false false ])
  (map (g: g false) (map or [ true ]))
  [ (f: f true false) or ]
  (pick.y or pick.x)
  (builtins.foldl' or "fallback")
]
