[ "a\nb" "tab\there" "cr\rx" "quote\"q" "back\\slash" "\$" "\x" "dollar $ sign" "$${x}" ]
