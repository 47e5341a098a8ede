/**
 * `system-manager.*`: options about system-manager itself.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export const systemManagerModule = {
  _file: "system-manager/modules/system-manager.ts",
  options: {
    "system-manager": {
      allowAnyDistro: mkOption({
        type: types.bool,
        default: false,
        description: "Whether to allow activation on a distribution other than the supported ones (Debian, Ubuntu and NixOS).",
      }),
    },
  },
};
