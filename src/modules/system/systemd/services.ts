/**
 * `systemd.services.<name>`: service units (`<name>.service`), and
 * `systemd.globalEnvironment`, variables given to every service.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { serviceModule } from "./service-options.ts";
import { commonUnitModule, unitNameModule } from "./unit-options.ts";

const { mkOption, types } = lib;

export const servicesModule = {
  _file: "system-manager/modules/systemd/services.ts",
  options: {
    systemd: {
      services: mkOption({
        type: types.attrsOf(types.submodule([commonUnitModule, serviceModule, unitNameModule("service")])),
        default: {},
        example: { hello: { wantedBy: ["multi-user.target"], serviceConfig: { Type: "oneshot" }, script: "echo hello" } },
        description: "systemd service units, by name without the `.service` suffix.",
      }),
      globalEnvironment: mkOption({
        type: types.attrsOf(types.nullOr(types.oneOf([types.str, types.path, types.package]))),
        default: {},
        example: { TZ: "CET" },
        description: "Environment variables given to every service (a service's own `environment` wins).",
      }),
    },
  },
};
