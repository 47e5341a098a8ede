/**
 * From the `systemd.*` option values to what a generation holds for
 * systemd (pure), laid out under etc/systemd/system/ of the generation as
 * NixOS's generateUnits lays out its unit tree: the units of
 * `systemd.packages` (package-units.ts), each unit's file — or, with
 * `overrideStrategy = "asDropin"` (or "asDropinIfExists" for a unit a
 * package ships), its drop-in `<unit>.d/overrides.conf`, so a unit the host
 * or a package has is extended and never replaced — the `.wants/`,
 * `.requires/` and `.upholds/` links of `wantedBy`/`requiredBy`/`upheldBy`
 * (and an `Upholds=` drop-in `<target>.d/upholds-<unit>.conf`, as systemd
 * 252 reads no `.upholds/`), an alias link (`alias.service -> unit.service`)
 * per alias, job scripts, masks; and per unit what switching needs.
 * The units come from defined-units.ts. Disabled units are left out; a masked unit is a link to
 * /dev/null even when defined. `multi-user.target` and `timers.target`
 * become `system-manager.target`.
 */
import type { EtcEntry } from "../manifest.ts";
import type { TreeEntry } from "../../store/file-tree.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { checkName, definedUnits, UNIT_NAME, type Def, type RawUnit, type SystemdConfig } from "./defined-units.ts";
import { JOB_PHASES, jobScript } from "./job-script.ts";
import { SYSTEM_MANAGER_TARGET } from "./system-manager-target.ts";
import { renderUnit } from "./render-unit.ts";
import { maskedUnitInfo, unitInfo, UNITS_DIR, type UnitSpec } from "./unit-info.ts";
import { packageUnits, type UnitDirReader } from "./package-units.ts";

export type { RawUnit, SystemdConfig } from "./defined-units.ts";

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

export interface UnitsSpec {
  readonly units: Readonly<Record<string, UnitSpec>>;
  /** Files of the generation, by path relative to it (all under UNITS_DIR). */
  readonly files: ReadonlyMap<string, TreeEntry>;
}

const MAPPED = new Set(["multi-user.target", "timers.target"]);

export const mapTarget = (t: string): string => (MAPPED.has(t) ? SYSTEM_MANAGER_TARGET : t);
/** `ts` of unit `name`, mapped; never `name` itself (system-manager.target declared wanted by multi-user.target, as configurations copied from upstream's issues do, would want itself). */
const mapTargets = (name: string, ts: readonly string[] = []): string[] => [...new Set(ts.map(mapTarget))].filter((t) => t !== name);

/** `readPackage` lists a package's unit directories (the build's source reader); without it, `systemd.packages` ship nothing. */
export function unitsSpec(systemd: SystemdConfig, readPackage?: UnitDirReader): UnitsSpec {
  const units: Record<string, UnitSpec> = {};
  const files = new Map<string, TreeEntry>();
  const put = (rel: string, e: TreeEntry, what: string) => {
    if (files.has(`${UNITS_DIR}/${rel}`)) throw new UserError(`Cannot generate /etc/systemd/system/${rel} for ${what}: another unit or alias has that name`);
    files.set(`${UNITS_DIR}/${rel}`, e);
  };
  const link = (dir: string, name: string) => files.set(`${UNITS_DIR}/${dir}/${name}`, { kind: "symlink", target: `../${name}` });
  const masked = new Set(systemd.maskedUnits);
  for (const name of masked) checkName(name, ["systemd", "maskedUnits"]);

  const packaged = packageUnits(systemd.packages ?? [], readPackage);
  const defined = definedUnits(systemd);
  for (const [rel, p] of packaged) {
    const name = rel.split("/")[0] as string;
    if (!rel.includes("/") && masked.has(name)) continue;
    files.set(`${UNITS_DIR}/${rel}`, p.entry);
    if (!rel.includes("/") && UNIT_NAME.test(name) && p.text !== undefined && !defined.has(name)) units[name] = { ...unitInfo(name, p.text, []), text: p.text };
  }

  for (const [name, { option, loc, kind, def, install }] of defined) {
    if (!install.enable || masked.has(name)) continue;
    const wantedBy = mapTargets(name, install.wantedBy);
    const requiredBy = mapTargets(name, install.requiredBy);
    const upheldBy = mapTargets(name, install.upheldBy);
    const text = kind === "raw" ? ((def as RawUnit).text ?? "") : renderUnit(name, kind, { ...(def as Def), wantedBy }, systemd.globalEnvironment);
    const shipped = packaged.get(name);
    const dropIn = install.overrideStrategy === "asDropin" || shipped !== undefined;
    put(dropIn ? `${name}.d/overrides.conf` : name, { kind: "file", content: Buffer.from(text), executable: false }, `\`${option}'`);
    for (const t of wantedBy) link(`${t}.wants`, name);
    for (const t of requiredBy) link(`${t}.requires`, name);
    for (const t of upheldBy) {
      link(`${t}.upholds`, name);
      // systemd 252 (Debian 12) reads no .upholds/ directory: the same dependency as a drop-in of the upholding unit.
      files.set(`${UNITS_DIR}/${t}.d/upholds-${name}.conf`, { kind: "file", content: Buffer.from(`[Unit]\nUpholds=${name}\n`), executable: false });
    }
    for (const alias of install.aliases ?? []) {
      checkName(alias, [...loc, "aliases"], `${option}.aliases`);
      put(alias, { kind: "symlink", target: name }, `the alias in \`${option}.aliases'`);
    }
    if (kind === "service") {
      for (const [opt, phase] of Object.entries(JOB_PHASES)) {
        const script = (def as Def)[opt];
        if (typeof script !== "string" || script === "") continue;
        const js = jobScript(name.slice(0, -".service".length), phase, script);
        files.set(`${UNITS_DIR}/${js.relPath}`, js.entry);
      }
    }
    // Switching reads a packaged unit with its drop-in, as systemd does.
    const full = shipped?.text === undefined ? text : `${shipped.text}\n${text}`;
    const info = unitInfo(name, full, [...new Set([...wantedBy, ...requiredBy, ...upheldBy])]);
    units[name] = { ...info, ...(dropIn && shipped === undefined ? { dropIn: true } : {}), text };
  }
  for (const name of [...masked].sort()) {
    files.set(`${UNITS_DIR}/${name}`, { kind: "symlink", target: "/dev/null" });
    units[name] = { ...maskedUnitInfo(), text: "" };
  }
  const sorted = Object.fromEntries(Object.keys(units).sort().map((n) => [n, units[n] as UnitSpec]));
  return { units: sorted, files };
}
