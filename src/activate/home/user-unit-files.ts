/**
 * The systemd user units of a home generation, from its files under
 * `.config/systemd/user/` as home-manager writes them: `<name>.<type>`
 * unit files, `<name>.<type>.d/*.conf` drop-ins, and `<target>.wants/<unit>`
 * (or `.requires/`) links naming the units a target pulls in. What a unit
 * file says is read through `read` (the generation's copy in the store).
 */
import { parseUnitIni, type UnitIni } from "./unit-ini.ts";

export const USER_UNITS_DIR = ".config/systemd/user/";

const TYPES = ["service", "socket", "timer", "path", "target", "slice", "mount", "automount", "swap", "scope", "device"];
const UNIT_NAME = new RegExp(`^[^/]+\\.(${TYPES.join("|")})$`);

export interface UserUnits {
  /** Unit files by name (`foo.service`, `foo@.service`), drop-ins applied; undefined when it could not be read. */
  readonly units: ReadonlyMap<string, UnitIni | undefined>;
  /** For each unit a target pulls in (an instance such as `foo@bar.service` as named), those targets. */
  readonly wantedBy: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The units among a generation's home file targets. */
export function userUnitsOf(targets: readonly string[], read: (target: string) => string | undefined): UserUnits {
  const main = new Map<string, string>();
  const dropIns = new Map<string, string[]>();
  const wantedBy = new Map<string, Set<string>>();
  for (const target of [...targets].sort()) {
    if (!target.startsWith(USER_UNITS_DIR)) continue;
    const parts = target.slice(USER_UNITS_DIR.length).split("/");
    const [first, second] = parts;
    if (parts.length === 1 && UNIT_NAME.test(first as string)) main.set(first as string, target);
    else if (parts.length === 2 && /\.(wants|requires)$/.test(first as string) && UNIT_NAME.test(second as string)) {
      const by = (first as string).replace(/\.(wants|requires)$/, "");
      wantedBy.set(second as string, new Set([...(wantedBy.get(second as string) ?? []), by]));
    } else if (parts.length === 2 && (first as string).endsWith(".d") && (second as string).endsWith(".conf")) {
      const unit = (first as string).slice(0, -2);
      dropIns.set(unit, [...(dropIns.get(unit) ?? []), target]);
    }
  }
  const units = new Map<string, UnitIni | undefined>();
  for (const [name, target] of main) {
    const texts = [target, ...(dropIns.get(name) ?? [])].map(read);
    units.set(name, texts.every((t): t is string => t !== undefined) ? parseUnitIni(...texts) : undefined);
  }
  return { units, wantedBy };
}

/** Whether a generation has any file under the user units directory. */
export function hasUserUnitFiles(targets: readonly string[]): boolean {
  return targets.some((t) => t.startsWith(USER_UNITS_DIR));
}

/** The unit file an active unit comes from: `foo@bar.service` from `foo@.service`, others from themselves. */
export function unitFileOf(unit: string): string {
  const m = /^([^@]+)@[^@]*(\.[a-z]+)$/.exec(unit);
  return m === null ? unit : `${m[1]}@${m[2]}`;
}
