{ zeta = 1; alpha = 2; Beta = 3; _u = 4; "10" = 5; "9" = 6; }
