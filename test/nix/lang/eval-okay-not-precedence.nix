let a = false; in [ (!a == true) ]
