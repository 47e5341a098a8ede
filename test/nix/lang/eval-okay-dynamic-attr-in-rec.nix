rec { x = "k"; ${x} = 1; }
