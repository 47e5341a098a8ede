let x = 1; in (rec { y = 10; inherit x; }).x
