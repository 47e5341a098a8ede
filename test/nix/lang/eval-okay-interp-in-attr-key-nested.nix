let k = "x"; in { ${k}.${k} = 1; }
