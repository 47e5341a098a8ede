/**
 * `systemd.maskedUnits`: units (ours or the host's) that must not start.
 * Each becomes a link to /dev/null in /etc/systemd/system, as
 * `systemctl mask` makes; a masked unit that is running is stopped on switch.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { T } from "./unit-options.ts";

const { mkOption } = lib;

export const maskedUnitsModule = {
  _file: "system-manager/modules/systemd/masked-units.ts",
  options: {
    systemd: {
      maskedUnits: mkOption({ type: T.unitNames, default: [], example: ["apt-daily.timer"], description: "Full names of units to mask." }),
    },
  },
};
