{ "a b" = 1; "if" = 2; "" = 3; "x.y" = 4; "with\"quote" = 5; }
