''
  a ''$ b ''' c ''\n d ''\t e ''\x f
''
