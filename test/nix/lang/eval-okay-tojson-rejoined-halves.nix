# The two halves of a character, joined again by concatenation or
# concatStringsSep, are the character: toJSON writes it, and its length
# counts its bytes.
let
  word = "été";
  first = builtins.substring 0 1 word;
  second = builtins.substring 1 1 word;
  joined = builtins.concatStringsSep "" [ first second ];
in
[
  (builtins.toJSON (first + second))
  (builtins.toJSON joined)
  (joined == "é")
  (builtins.stringLength first)
  (builtins.stringLength word)
]
