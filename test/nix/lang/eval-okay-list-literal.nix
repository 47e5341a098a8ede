[ 1 "two" [ 3 ] { four = 4; } null true false ]
