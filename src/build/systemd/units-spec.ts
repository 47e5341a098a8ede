/**
 * From the `systemd.*` option values to what a generation holds for
 * systemd (pure): the unit files, the `.wants/`/`.requires/` links of
 * `wantedBy`/`requiredBy`, the job scripts and the masks, laid out under
 * etc/systemd/system/ of the generation, plus per unit what switching needs
 * (UnitInfo). Disabled units are left out; a masked unit is a link to
 * /dev/null even when it is also defined. `multi-user.target` and
 * `timers.target` become `system-manager.target` (links and `[Install]`).
 */
import type { EtcEntry } from "../manifest.ts";
import type { TreeEntry } from "../../store/file-tree.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { jobScript } from "./job-script.ts";
import { SYSTEM_MANAGER_TARGET } from "./system-manager-target.ts";
import { renderUnit, type UnitDef, type UnitKind } from "./render-unit.ts";
import { maskedUnitInfo, unitInfo, type UnitInfo } from "./unit-info.ts";

/** Where unit files sit in the generation (and, through one etc entry, in /etc). */
export const UNITS_DIR = "etc/systemd/system";

/** The one /etc entry that links every file under UNITS_DIR into /etc/systemd/system. */
export const UNITS_ETC_ENTRY: EtcEntry = {
  target: "systemd/system",
  source: UNITS_DIR,
  mode: "symlink",
  uid: 0,
  gid: 0,
  user: "+0",
  group: "+0",
  replaceExisting: false,
};

export interface UnitSpec extends UnitInfo {
  /** The unit file's text ("" for a masked unit). */
  readonly text: string;
}

export interface UnitsSpec {
  readonly units: Readonly<Record<string, UnitSpec>>;
  /** Files of the generation, by path relative to it (all under UNITS_DIR). */
  readonly files: ReadonlyMap<string, TreeEntry>;
}

type Units = Readonly<Record<string, UnitDef & { enable: boolean; requiredBy: readonly string[]; script?: string; preStart?: string; postStart?: string }>>;

/** The `systemd` option values (as toJS gives them). */
export interface SystemdConfig {
  readonly services: Units;
  readonly sockets: Units;
  readonly timers: Units;
  readonly paths: Units;
  readonly targets: Units;
  readonly maskedUnits: readonly string[];
  readonly globalEnvironment: Readonly<Record<string, unknown>>;
}

/** The units as the state file records them: everything but the text. */
export function unitInfos(units: Readonly<Record<string, UnitSpec>>): Record<string, UnitInfo> {
  return Object.fromEntries(Object.entries(units).map(([name, { text: _text, ...info }]) => [name, info]));
}

const KINDS: readonly UnitKind[] = ["service", "socket", "timer", "path", "target"];
const UNIT_NAME = /^[a-zA-Z0-9@%:_.\\-]+\.(service|socket|device|mount|automount|swap|target|path|timer|scope|slice)$/;
const MAPPED = new Set(["multi-user.target", "timers.target"]);

export const mapTarget = (t: string): string => (MAPPED.has(t) ? SYSTEM_MANAGER_TARGET : t);
const mapTargets = (ts: readonly string[]): string[] => [...new Set(ts.map(mapTarget))];

function checkName(name: string, option: string): void {
  if (!UNIT_NAME.test(name)) {
    throw new UserError(`Cannot use '${name}' as a unit name (from \`${option}'): expected letters, digits and @%:_.\\- followed by a unit type suffix such as .service`);
  }
}

export function unitsSpec(systemd: SystemdConfig): UnitsSpec {
  const units: Record<string, UnitSpec> = {};
  const files = new Map<string, TreeEntry>();
  const link = (dir: string, name: string) => files.set(`${UNITS_DIR}/${dir}/${name}`, { kind: "symlink", target: `../${name}` });
  const masked = new Set(systemd.maskedUnits);
  for (const name of masked) checkName(name, "systemd.maskedUnits");

  for (const kind of KINDS) {
    const defs = systemd[`${kind}s`];
    for (const attr of Object.keys(defs).sort()) {
      const name = `${attr}.${kind}`;
      checkName(name, `systemd.${kind}s.${attr}`);
      const def = defs[attr] as Units[string];
      if (!def.enable || masked.has(name)) continue;
      const wantedBy = mapTargets(def.wantedBy);
      const requiredBy = mapTargets(def.requiredBy);
      const text = renderUnit(name, kind, { ...def, wantedBy }, systemd.globalEnvironment);
      files.set(`${UNITS_DIR}/${name}`, { kind: "file", content: Buffer.from(text), executable: false });
      for (const t of wantedBy) link(`${t}.wants`, name);
      for (const t of requiredBy) link(`${t}.requires`, name);
      if (kind === "service") {
        for (const [phase, script] of [["pre-start", def.preStart], ["start", def.script], ["post-start", def.postStart]] as const) {
          if (script === undefined || script === "") continue;
          const js = jobScript(attr, phase, script);
          files.set(`${UNITS_DIR}/${js.relPath}`, js.entry);
        }
      }
      units[name] = { ...unitInfo(name, text, [...new Set([...wantedBy, ...requiredBy])]), text };
    }
  }
  for (const name of [...masked].sort()) {
    files.set(`${UNITS_DIR}/${name}`, { kind: "symlink", target: "/dev/null" });
    units[name] = { ...maskedUnitInfo(), text: "" };
  }
  const sorted = Object.fromEntries(Object.keys(units).sort().map((n) => [n, units[n] as UnitSpec]));
  return { units: sorted, files };
}
