(args@{ x ? args.y, ... }: x) { y = 3; }
