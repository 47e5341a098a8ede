# `<name>` means `__findFile __nixPath "name"` wherever it is written, so a
# local binding of either name decides what it finds.
let
  __nixPath = [ { prefix = "here"; path = ./.; } ];
  __findFile = path: name: "found ${name} among ${toString (builtins.length path)}";
in
<here/some.nix>
