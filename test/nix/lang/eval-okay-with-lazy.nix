let x = 5; in with (throw "not forced"); x
