/**
 * `programs.home-manager`: in standalone use, puts the home-manager command
 * on the user's PATH (it is this project's CLI, so there is no package to
 * install; the option exists so configurations written for home-manager
 * evaluate unchanged).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";

export const homeManagerProgramModule = {
  _file: "home-manager/modules/programs/home-manager.ts",
  options: {
    programs: {
      "home-manager": {
        enable: lib.mkEnableOption("Home Manager"),
        path: lib.mkOption({ type: lib.types.nullOr(lib.types.str), default: null, description: "Accepted for compatibility; unused." }),
      },
    },
  },
};
