f <| x |> g
