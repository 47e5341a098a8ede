/**
 * An option type made when first used: every member is read from
 * `make()`, called once. nixpkgs' types are lazy in their element types,
 * so a type may contain itself; proxies keep that true for ours.
 */
import type { OptionType } from "./option-type.ts";

/** An OptionType whose every member is read from `make()`, called once, when first needed. */
export function lazyType(make: () => OptionType): OptionType {
  let made: OptionType | undefined;
  const r = () => (made ??= make());
  const method = <K extends keyof OptionType>(k: K) => {
    const t = r();
    const m = t[k];
    return typeof m === "function" ? (m as (...a: unknown[]) => unknown).bind(t) : m;
  };
  return {
    get name() { return r().name; },
    get description() { return r().description; },
    get descriptionClass() { return r().descriptionClass; },
    check: (v) => r().check(v),
    merge: (loc, defs) => r().merge(loc, defs),
    get headError() { return method("headError") as OptionType["headError"]; },
    get valueMeta() { return method("valueMeta") as OptionType["valueMeta"]; },
    get v2Incoherent() { return r().v2Incoherent; },
    get emptyValue() { return r().emptyValue; },
    get emptyValueAt() { return method("emptyValueAt") as OptionType["emptyValueAt"]; },
    get nestedTypes() { return r().nestedTypes; },
    get separator() { return r().separator; },
    get enumValues() { return r().enumValues; },
    get placeholder() { return r().placeholder; },
    get subModules() { return r().subModules; },
    get submoduleArgs() { return r().submoduleArgs; },
    get substSubModules() { return method("substSubModules") as OptionType["substSubModules"]; },
    typeMerge: (other) => r().typeMerge(other),
    get getSubOptions() { return method("getSubOptions") as OptionType["getSubOptions"]; },
  };
}
