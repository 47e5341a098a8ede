let inc = x: x + 1; double = x: x * 2; in 3 |> inc |> double
