/**
 * NixOS's `unitOption` ("systemd option"): the type of every value in
 * `unitConfig`, `serviceConfig`, `timerConfig`, … Any value is accepted;
 * definitions merge as lists (concatenated, scalars becoming one element)
 * when any of them is a list, else they must all be equal. This is what lets
 * `ExecStartPre` collect from several modules while `Type` conflicts.
 */
import { force, isList, type Lazy } from "../../../nix/value.ts";
import { mergeEqualOption } from "../../../module-system/merge-functions.ts";
import { sameTypeMerge, typeValue, type OptionType } from "../../../module-system/types/option-type.ts";

const unitOption: OptionType = {
  name: "systemd option",
  description: "systemd option",
  check: () => true,
  merge(loc, defs) {
    if (!defs.some((d) => isList(force(d.value)))) return mergeEqualOption(loc, defs);
    return defs.flatMap((d): Lazy[] => {
      const v = force(d.value);
      return isList(v) ? v : [v];
    });
  },
  nestedTypes: {},
  typeMerge: (o) => sameTypeMerge(unitOption)(o),
};

/** The option type, as TypeScript modules pass types to `mkOption`. */
export const unitOptionType = typeValue(unitOption);
