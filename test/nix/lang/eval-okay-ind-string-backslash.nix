''a\nb\c''
