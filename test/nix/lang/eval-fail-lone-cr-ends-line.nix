# a comment ended by a lone carriage returnnotDefined
