[ /abs/path /a/../b/./c ]
