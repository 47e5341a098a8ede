/**
 * `systemd.slices.<name>`: slice units, with `sliceConfig` (resource
 * limits for the units placed in them with `Slice=`).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { commonUnitModule, T, unitNameModule } from "./unit-options.ts";

const { mkOption, types } = lib;

const sliceModule = {
  options: {
    sliceConfig: mkOption({ type: T.section, default: {}, example: { MemoryMax: "2G" }, description: "Settings of the `[Slice]` section." }),
  },
};

export const slicesModule = {
  _file: "system-manager/modules/systemd/slices.ts",
  options: {
    systemd: {
      slices: mkOption({
        type: types.attrsOf(types.submodule([commonUnitModule, sliceModule, unitNameModule("slice")])),
        default: {},
        description: "systemd slice units, by name without the `.slice` suffix.",
      }),
    },
  },
};
