/**
 * `systemd.units.<name>`: units given as text, by their full name
 * (NixOS's concreteUnitOptions): the file is written as it is, and
 * `wantedBy`, `requiredBy`, `upheldBy`, `aliases` and `overrideStrategy`
 * act as for the other kinds. A name that `systemd.services` (or another
 * kind) also defines takes its install options from both; only one of
 * them may give the text.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { sharedUnitOptions } from "./unit-options.ts";

const { mkOption, types } = lib;

const rawUnitModule = {
  options: {
    ...sharedUnitOptions(),
    text: mkOption({ type: types.nullOr(types.str), default: null, description: "Text of this unit file." }),
  },
};

export const unitsModule = {
  _file: "system-manager/modules/systemd/units.ts",
  options: {
    systemd: {
      units: mkOption({
        type: types.attrsOf(types.submodule(rawUnitModule)),
        default: {},
        example: { "hello.service": { text: "[Service]\nExecStart=/bin/echo hello\n", wantedBy: ["multi-user.target"] } },
        description: "systemd units given as text, by full name (`foo.service`).",
      }),
    },
  },
};
