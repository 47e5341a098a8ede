[ (true || false && false) (false -> false -> false) (!true || true) ]
