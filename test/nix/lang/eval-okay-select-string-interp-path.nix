let s = { "a-1" = 5; }; n = 1; in s."a-${toString n}"
