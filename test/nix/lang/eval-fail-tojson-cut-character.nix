# Half of a character is not UTF-8: toJSON refuses it as Nix's JSON
# writer does, naming the byte the string ends on.
builtins.toJSON { name = builtins.substring 0 1 "été"; }
