/**
 * `systemd.targets.<name>`: target units (only the common unit options).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { commonUnitModule, unitNameModule } from "./unit-options.ts";

const { mkOption, types } = lib;

export const targetsModule = {
  _file: "system-manager/modules/systemd/targets.ts",
  options: {
    systemd: {
      targets: mkOption({ type: types.attrsOf(types.submodule([commonUnitModule, unitNameModule("target")])), default: {}, description: "systemd target units, by name without the `.target` suffix." }),
    },
  },
};
