"${toString 1.0}"
