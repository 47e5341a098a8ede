[ (true && false) (true || false) (false -> true) (true -> false) (!true) (!false && true) ]
