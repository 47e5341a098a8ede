/**
 * What switching needs to know about a unit, read from its text the way
 * switch-to-configuration reads it (so it holds for any unit file, however
 * it was written): the content hash, and the `X-…` keys NixOS's options
 * become. Keys: the last assignment wins; booleans in systemd's spelling.
 * For switch-to-configuration's compare_units, two more hashes: of every
 * assignment but `[Unit]`'s X-Reload-Triggers and the keys it ignores
 * (Description, OnFailure, …: a change there needs no restart), and of
 * the reload triggers alone (a change there reloads).
 */
import { createHash } from "node:crypto";

/** Where unit files sit in the generation (and, through one etc entry, in /etc). */
export const UNITS_DIR = "etc/systemd/system";

export interface UnitInfo {
  /** sha256 (hex) of the unit text; of "" for a masked unit. */
  readonly sha256: string;
  /** A link to /dev/null. */
  readonly masked: boolean;
  /**
   * Whether switch may restart (or, for a target, start) it when it changed:
   * `[Service] X-RestartIfChanged`, and not `RefuseManualStop`/`X-OnlyManualStart`
   * (nor `RefuseManualStart` for a target).
   */
  readonly restartIfChanged: boolean;
  /** `[Service] X-ReloadIfChanged`: reload instead of restart. */
  readonly reloadIfChanged: boolean;
  /** `[Service] X-StopIfChanged`: stop before /etc changes, start after (default), rather than restart. */
  readonly stopIfChanged: boolean;
  /** `[Unit] X-StopOnRemoval`: stop it when it leaves the configuration (default). */
  readonly stopOnRemoval: boolean;
  /** `[Service] Sockets=`: the sockets that activate it (empty: `<name>.socket` if there is one). */
  readonly sockets: readonly string[];
  /** Units that want, require or uphold it through our `.wants/`/`.requires/`/`.upholds/` links. */
  readonly wantedBy: readonly string[];
  /** sha256 of its assignments but the reload triggers and the `[Unit]` keys a switch ignores (absent in states written before it). */
  readonly restartKey?: string;
  /** sha256 of its `[Unit] X-Reload-Triggers` assignments. */
  readonly reloadKey?: string;
  /** `[Service] X-NotSocketActivated`: switch restarts the service itself, never its sockets. */
  readonly notSocketActivated?: boolean;
  /** Only a drop-in of ours (`overrideStrategy = "asDropin"`): the unit file is the host's, and stays when ours goes. */
  readonly dropIn?: boolean;
}

export type UnitSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Sections and keys of a unit file (continuations joined with a space, comments skipped; the last assignment wins). */
export function parseUnitText(text: string): UnitSections {
  const sections = new Map<string, Map<string, string>>();
  for (const a of assignments(text)) {
    const section = sections.get(a.section) ?? new Map<string, string>();
    sections.set(a.section, section);
    if (a.key !== "") section.set(a.key, a.value);
  }
  sections.delete("");
  return sections;
}

/** systemd's boolean spelling; anything else is the default. */
export function systemdBool(sections: UnitSections, section: string, key: string, dflt: boolean): boolean {
  const v = sections.get(section)?.get(key)?.toLowerCase();
  if (v === "1" || v === "yes" || v === "true" || v === "on") return true;
  if (v === "0" || v === "no" || v === "false" || v === "off") return false;
  return dflt;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** switch-to-configuration's unit_section_ignores: `[Unit]` keys whose change needs no restart. */
const IGNORED_UNIT_KEYS = new Set([
  "X-Reload-Triggers",
  "Description",
  "Documentation",
  "OnFailure",
  "OnSuccess",
  "OnFailureJobMode",
  "IgnoreOnIsolate",
  "StopWhenUnneeded",
  "RefuseManualStart",
  "RefuseManualStop",
  "AllowIsolate",
  "CollectMode",
  "SourcePath",
]);

/** Every assignment, and each section header as an assignment with an empty key (continuations joined, comments skipped), in file order. */
function assignments(text: string): { section: string; key: string; value: string }[] {
  const out: { section: string; key: string; value: string }[] = [];
  let section = "";
  let pending = "";
  for (const raw of text.split("\n")) {
    if (pending === "" && /^\s*[#;]/.test(raw)) continue;
    const line = pending + raw;
    if (/(^|[^\\])(\\\\)*\\$/.test(line)) {
      pending = line.slice(0, -1) + " ";
      continue;
    }
    pending = "";
    const trimmed = line.trim();
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header !== null) {
      section = header[1] as string;
      out.push({ section, key: "", value: "" });
    } else if (trimmed.includes("=")) {
      const i = trimmed.indexOf("=");
      out.push({ section, key: trimmed.slice(0, i).trim(), value: trimmed.slice(i + 1).trim() });
    }
  }
  return out;
}

/** Orders `key\0value` lines by key only, keeping the order of a key's values (ExecStartPre=a then b is not b then a). */
const byKey = (a: string, b: string) => {
  const [ka, kb] = [a.slice(0, a.indexOf("\0")), b.slice(0, b.indexOf("\0"))];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** The keys compare_units needs: the unit without what it ignores (a `[Unit]` left empty counts as none), and its reload triggers. */
export function compareKeys(text: string): { restartKey: string; reloadKey: string } {
  const kept = new Map<string, string[]>();
  const reload: string[] = [];
  for (const a of assignments(text)) {
    if (a.section === "Unit" && a.key === "X-Reload-Triggers") reload.push(a.value);
    if (a.section === "Unit" && IGNORED_UNIT_KEYS.has(a.key)) continue;
    if (a.section === "Unit" && a.key === "") continue;
    const lines = kept.get(a.section) ?? [];
    if (a.key !== "") lines.push(`${a.key}\0${a.value}`);
    kept.set(a.section, lines);
  }
  const restart = [...kept.keys()].sort().map((s) => `[${s}]\n${(kept.get(s) as string[]).sort(byKey).join("\n")}`);
  return { restartKey: sha256Hex(restart.join("\n")), reloadKey: sha256Hex(reload.join("\n")) };
}

export function unitInfo(name: string, text: string, wantedBy: readonly string[]): UnitInfo {
  const s = parseUnitText(text);
  const manualOnly = systemdBool(s, "Unit", "RefuseManualStop", false) || systemdBool(s, "Unit", "X-OnlyManualStart", false);
  const refuseStart = name.endsWith(".target") && systemdBool(s, "Unit", "RefuseManualStart", false);
  const sockets = (s.get("Service")?.get("Sockets") ?? "").split(/\s+/).filter((x) => x !== "");
  return {
    sha256: sha256Hex(text),
    masked: false,
    restartIfChanged: systemdBool(s, "Service", "X-RestartIfChanged", true) && !manualOnly && !refuseStart,
    reloadIfChanged: systemdBool(s, "Service", "X-ReloadIfChanged", false),
    stopIfChanged: systemdBool(s, "Service", "X-StopIfChanged", true),
    stopOnRemoval: systemdBool(s, "Unit", "X-StopOnRemoval", true),
    sockets,
    wantedBy: [...wantedBy],
    ...compareKeys(text),
    notSocketActivated: systemdBool(s, "Service", "X-NotSocketActivated", false),
  };
}

export function maskedUnitInfo(): UnitInfo {
  return { sha256: sha256Hex(""), masked: true, restartIfChanged: true, reloadIfChanged: false, stopIfChanged: true, stopOnRemoval: true, sockets: [], wantedBy: [] };
}

export interface UnitSpec extends UnitInfo {
  /** The unit file's text ("" for a masked unit). */
  readonly text: string;
}

/** The units as the state file records them: everything but the text. */
export function unitInfos(units: Readonly<Record<string, UnitSpec>>): Record<string, UnitInfo> {
  return Object.fromEntries(Object.entries(units).map(([name, { text: _text, ...info }]) => [name, info]));
}
