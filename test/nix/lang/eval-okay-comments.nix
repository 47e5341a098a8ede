/* block */ 1 + # line
 2 /** doc */
