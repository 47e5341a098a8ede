/**
 * The units the `systemd.*` options define, by name (pure): every kind's
 * (`systemd.services.<attr>` is `<attr>.service`, a mount is named after its
 * mount point), then `systemd.units`, whose text stands alone or, for a
 * name a kind defines (its text is that unit's, derived there as on NixOS),
 * whose install options join the kind's. A name that is
 * not a unit name, or a unit defined twice, is refused naming the options.
 */
import { OptionError } from "../../module-system/option-error.ts";
import { showOption, type OptionPath } from "../../module-system/option-path.ts";
import type { UnitDef, UnitKind } from "./render-unit.ts";

export interface InstallOptions {
  readonly enable: boolean;
  readonly wantedBy: readonly string[];
  readonly requiredBy: readonly string[];
  readonly upheldBy?: readonly string[];
  readonly aliases?: readonly string[];
  readonly overrideStrategy?: "asDropinIfExists" | "asDropin";
}

export type Def = UnitDef & InstallOptions & { readonly name?: string; readonly [script: string]: unknown };
type Units = Readonly<Record<string, Def>>;

/** `systemd.units.<name>`. */
export interface RawUnit extends InstallOptions {
  readonly text: string | null;
}

/** The `systemd` option values (as toJS gives them). */
export interface SystemdConfig {
  readonly services: Units;
  readonly sockets: Units;
  readonly timers: Units;
  readonly paths: Units;
  readonly targets: Units;
  readonly slices?: Units;
  readonly mounts?: readonly Def[];
  readonly automounts?: readonly Def[];
  readonly units?: Readonly<Record<string, RawUnit>>;
  readonly packages?: readonly unknown[];
  readonly maskedUnits: readonly string[];
  readonly globalEnvironment: Readonly<Record<string, unknown>>;
}

const KINDS: readonly UnitKind[] = ["service", "socket", "timer", "path", "target", "slice"];
const UNIT_NAME_MAX = 255;
export const UNIT_NAME = /^[a-zA-Z0-9@%:_.\\-]+\.(service|socket|device|mount|automount|swap|target|path|timer|scope|slice)$/;

/** Refuses a name that is not a unit name; the error names the option (`loc`, shown as `shown`), which the build locates at its definitions. */
export function checkName(name: string, loc: OptionPath, shown = showOption(loc)): void {
  if (!UNIT_NAME.test(name)) {
    throw new OptionError(`Cannot use '${name}' as a unit name (from \`${shown}'): expected letters, digits and @%:_.\\- followed by a unit type suffix such as .service`, loc);
  }
  // systemd's UNIT_NAME_MAX (256 with the NUL): a longer name is no unit's, nor a file name.
  if (name.length > UNIT_NAME_MAX) throw new OptionError(`Cannot use '${name.slice(0, 40)}…' as a unit name (from \`${shown}'): it is ${name.length} characters long, and systemd takes at most ${UNIT_NAME_MAX}`, loc);
}

export interface Entry {
  /** The option defining it, as shown, and its path. */
  readonly option: string;
  readonly loc: OptionPath;
  readonly kind: UnitKind | "raw";
  readonly def: Def | RawUnit;
  readonly install: InstallOptions;
}

/** Every unit the options define, by name: the kinds', then `systemd.units` (text, or install options joining a kind's). */
export function definedUnits(systemd: SystemdConfig): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const add = (name: string, loc: OptionPath, option: string, kind: UnitKind, def: Def) => {
    checkName(name, loc, option);
    if (out.has(name)) throw new OptionError(`Cannot define the unit ${name} twice: by \`${out.get(name)?.option}' and by \`${option}'`, loc);
    out.set(name, { option, loc, kind, def, install: def });
  };
  for (const kind of KINDS) {
    const defs = systemd[`${kind}s` as "services"] ?? {};
    for (const attr of Object.keys(defs).sort()) {
      const loc = ["systemd", `${kind}s`, attr];
      add(`${attr}.${kind}`, loc, showOption(loc), kind, defs[attr] as Def);
    }
  }
  for (const kind of ["mount", "automount"] as const) {
    (systemd[`${kind}s`] ?? []).forEach((def, i) => add(def.name ?? "", ["systemd", `${kind}s`], `systemd.${kind}s.[${i}]`, kind, def));
  }
  for (const [name, raw] of Object.entries(systemd.units ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const loc = ["systemd", "units", name];
    const option = showOption(loc);
    checkName(name, loc, option);
    const other = out.get(name);
    if (other === undefined) out.set(name, { option, loc, kind: "raw", def: raw, install: raw });
    else {
      // Its text is the kind's unit rendered (NixOS derives it there: src/modules/system/systemd/derived-units.ts). Read, as NixOS
      // reads every unit's text: one the configuration gives itself conflicts with it there, in NixOS's words.
      void raw.text;
      const both = (k: "wantedBy" | "requiredBy" | "upheldBy" | "aliases") => [...new Set([...(other.install[k] ?? []), ...(raw[k] ?? [])])];
      const install = { ...other.install, enable: other.install.enable && raw.enable, wantedBy: both("wantedBy"), requiredBy: both("requiredBy"), upheldBy: both("upheldBy"), aliases: both("aliases") };
      out.set(name, { ...other, install });
    }
  }
  return out;
}
