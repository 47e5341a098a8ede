/**
 * What switching needs to know about a unit, read from its text the way
 * switch-to-configuration reads it (so it holds for any unit file, however
 * it was written): the content hash, and the `X-…` keys NixOS's options
 * become. Keys: the last assignment wins; booleans in systemd's spelling.
 */
import { createHash } from "node:crypto";

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
  /** Units that want or require it through our `.wants/`/`.requires/` links. */
  readonly wantedBy: readonly string[];
}

export type UnitSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Sections and keys of a unit file (continuations joined with a space, comments skipped). */
export function parseUnitText(text: string): UnitSections {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
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
      current = sections.get(header[1] as string) ?? new Map();
      sections.set(header[1] as string, current);
    } else if (current !== undefined && trimmed.includes("=")) {
      const i = trimmed.indexOf("=");
      current.set(trimmed.slice(0, i).trim(), trimmed.slice(i + 1).trim());
    }
  }
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
  };
}

export function maskedUnitInfo(): UnitInfo {
  return { sha256: sha256Hex(""), masked: true, restartIfChanged: true, reloadIfChanged: false, stopIfChanged: true, stopOnRemoval: true, sockets: [], wantedBy: [] };
}
