/**
 * `systemd.paths.<name>`: path units, with `pathConfig`.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { commonUnitModule, unitNameModule, T } from "./unit-options.ts";

const { mkOption, types } = lib;

const pathModule = {
  options: {
    pathConfig: mkOption({ type: T.section, default: {}, example: { PathChanged: "/some/path", Unit: "changedpath.service" }, description: "Settings of the `[Path]` section." }),
  },
};

export const pathsModule = {
  _file: "system-manager/modules/systemd/paths.ts",
  options: {
    systemd: {
      paths: mkOption({ type: types.attrsOf(types.submodule([commonUnitModule, pathModule, unitNameModule("path")])), default: {}, description: "systemd path units, by name without the `.path` suffix." }),
    },
  },
};
