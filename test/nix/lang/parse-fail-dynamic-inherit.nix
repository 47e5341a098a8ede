let a = "b"; in { inherit ${a}; }
