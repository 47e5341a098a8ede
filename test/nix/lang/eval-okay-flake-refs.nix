# Flake references both ways: parsed into a lock's attributes, and printed back.
let
  refs = [
    "github:owner/repo"
    "github:owner/repo/main?dir=sub/dir"
    "git+https://example.org/repo.git?ref=v1"
    "path:/some/where"
    "nixpkgs"
  ];
in
{
  parsed = map builtins.parseFlakeRef refs;
  printed = map (r: builtins.flakeRefToString (builtins.parseFlakeRef r)) refs;
  fromAttrs = builtins.flakeRefToString { type = "gitlab"; owner = "o"; repo = "r"; rev = "0123456789abcdef0123456789abcdef01234567"; };
}
