# A byte that is not UTF-8 in an attribute name (written as is in this
# file): toJSON refuses it, counting bytes from the start of the name.
builtins.toJSON [ "fine" { "okéx" = 1; } ]
