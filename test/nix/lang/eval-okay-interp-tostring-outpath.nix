let drv = { outPath = "/nix/store/abc-x"; }; in "path: ${drv}"
