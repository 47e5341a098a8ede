# A string with an interpolation names a dynamic attribute, even when it
# interpolates a plain literal: a let cannot have one.
let
  "${"name"}" = 1;
in
name
