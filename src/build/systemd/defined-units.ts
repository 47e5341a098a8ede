/**
 * The units the `systemd.*` options define, by name (pure): every kind's
 * (`systemd.services.<attr>` is `<attr>.service`, a mount is named after its
 * mount point), then `systemd.units`, whose text stands alone or, for a
 * name a kind defines (its text is that unit's, derived there as on NixOS),
 * whose install options join the kind's. A name that is
 * not a unit name, or a unit defined twice, is refused naming the options.
 */
import { UserError } from "../../diagnostics/user-error.ts";
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
export const UNIT_NAME = /^[a-zA-Z0-9@%:_.\\-]+\.(service|socket|device|mount|automount|swap|target|path|timer|scope|slice)$/;

export function checkName(name: string, option: string): void {
  if (!UNIT_NAME.test(name)) {
    throw new UserError(`Cannot use '${name}' as a unit name (from \`${option}'): expected letters, digits and @%:_.\\- followed by a unit type suffix such as .service`);
  }
}

export interface Entry {
  readonly option: string;
  readonly kind: UnitKind | "raw";
  readonly def: Def | RawUnit;
  readonly install: InstallOptions;
}

/** Every unit the options define, by name: the kinds', then `systemd.units` (text, or install options joining a kind's). */
export function definedUnits(systemd: SystemdConfig): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const add = (name: string, option: string, kind: UnitKind, def: Def) => {
    checkName(name, option);
    if (out.has(name)) throw new UserError(`Cannot define the unit ${name} twice: by \`${out.get(name)?.option}' and by \`${option}'`);
    out.set(name, { option, kind, def, install: def });
  };
  for (const kind of KINDS) {
    const defs = systemd[`${kind}s` as "services"] ?? {};
    for (const attr of Object.keys(defs).sort()) add(`${attr}.${kind}`, `systemd.${kind}s.${attr}`, kind, defs[attr] as Def);
  }
  for (const kind of ["mount", "automount"] as const) {
    (systemd[`${kind}s`] ?? []).forEach((def, i) => add(def.name ?? "", `systemd.${kind}s.[${i}]`, kind, def));
  }
  for (const [name, raw] of Object.entries(systemd.units ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const option = `systemd.units."${name}"`;
    checkName(name, option);
    const other = out.get(name);
    if (other === undefined) out.set(name, { option, kind: "raw", def: raw, install: raw });
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
