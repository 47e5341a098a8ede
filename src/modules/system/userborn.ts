/**
 * `services.userborn.enable`: users and groups are created on activation
 * (userborn's semantics: declared users are created or updated; users
 * system-manager created are locked when dropped, never deleted, and
 * accounts that existed before it get back what it changed).
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types, mkDefault } = lib;

export const userbornModule = {
  _file: "system-manager/modules/userborn.ts",
  options: {
    services: {
      userborn: {
        enable: mkOption({ type: types.bool, default: false, description: "Whether to manage users and groups with userborn's semantics on activation." }),
      },
    },
  },
  config: {
    services: { userborn: { enable: mkDefault(true) } },
  },
};
