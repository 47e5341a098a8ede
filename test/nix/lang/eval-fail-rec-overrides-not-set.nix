rec {
  a = 1;
  __overrides = [ a ];
}
