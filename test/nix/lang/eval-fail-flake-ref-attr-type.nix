builtins.flakeRefToString { type = "github"; owner = "o"; repo = [ "r" ]; }
