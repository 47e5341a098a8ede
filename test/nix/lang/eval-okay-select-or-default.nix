[ ({ a = 1; }.b or 2) ({ a = 1; }.a or 2) ({ a = 1; }.a.b or 3) (let n = 1; in n.x or 4) ]
