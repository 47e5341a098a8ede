''
    a

    b
  
    c
''
