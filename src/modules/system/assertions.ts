/**
 * `assertions` and `warnings`: ordinary options that every module may add
 * to; the build checks them all and fails once with every failed message.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export const assertionsModule = {
  _file: "system-manager/modules/assertions.ts",
  options: {
    assertions: mkOption({
      type: types.listOf(types.unspecified),
      internal: true,
      default: [],
      example: [{ assertion: false, message: "you can't enable this for that reason" }],
      description: "Conditions that must hold for the configuration to build; each `{ assertion, message }` that is false is reported.",
    }),
    warnings: mkOption({
      type: types.listOf(types.str),
      internal: true,
      default: [],
      description: "Messages printed as warnings when the configuration is built.",
    }),
  },
};
