builtins.toJSON {
  wrapped = {
    __toString = self: [ "not" "a" "string" ];
  };
}
