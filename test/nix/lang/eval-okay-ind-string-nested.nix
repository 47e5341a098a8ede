let y = "in"; in ''
  outer ${"x ${y} x"}
  ''
