# toXML shows how a function takes its argument: a plain name (varpat),
# or a set pattern with its formals sorted, its `@` name and its `...`;
# builtins are not shown.
let
  show = f: builtins.toXML f;
in
[
  (show (item: item))
  (show ({ zeta, alpha ? 1 }: zeta))
  (show (whole@{ b, a, ... }: a))
  (show ({ ... }@rest: rest))
  (show builtins.head)
]
