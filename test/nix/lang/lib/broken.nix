{
  value = 1 + true;
}.value
