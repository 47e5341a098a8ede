false -> true -> false
