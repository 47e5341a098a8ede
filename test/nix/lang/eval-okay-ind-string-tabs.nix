''
	keep
  two
''
