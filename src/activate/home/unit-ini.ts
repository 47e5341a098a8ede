/**
 * A systemd unit file as sd-switch reads it: sections of keys, each key
 * with its values in order (a key may repeat; drop-ins add to the unit),
 * comments, blank lines and surrounding blanks ignored, continuation
 * lines joined. On it: how a changed unit is switched (X-SwitchMethod, or
 * the older X-RestartIfChanged / X-StopIfChanged / X-ReloadIfChanged), and
 * whether two versions differ in a way that needs a restart, a reload
 * (only X-Reload-Triggers changed) or nothing (only the description or
 * the [Install] section changed: neither affects the running unit).
 */

export type UnitIni = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

export type SwitchMethod = "reload" | "restart" | "stop-start" | "keep-old";

export type UnitChange = "none" | "reload" | "restart";

/** Parses unit file text; later texts (drop-ins, in order) add to earlier ones. */
export function parseUnitIni(...texts: readonly string[]): UnitIni {
  const ini = new Map<string, Map<string, string[]>>();
  for (const text of texts) {
    let section: Map<string, string[]> | undefined;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      let line = (lines[i] as string).trim();
      while (line.endsWith("\\") && i + 1 < lines.length) line = line.slice(0, -1).trimEnd() + " " + (lines[++i] as string).trim();
      if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
      const header = /^\[([^\]]+)\]$/.exec(line);
      if (header !== null) {
        const name = header[1] as string;
        section = ini.get(name) ?? new Map();
        ini.set(name, section);
        continue;
      }
      const eq = line.indexOf("=");
      if (eq <= 0 || section === undefined) continue;
      const key = line.slice(0, eq).trim();
      section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1).trim()]);
    }
  }
  return ini;
}

/** The last value of `key` in [Unit], or undefined. */
function unitValue(ini: UnitIni, key: string): string | undefined {
  return ini.get("Unit")?.get(key)?.at(-1)?.toLowerCase();
}

const TRUE = new Set(["1", "yes", "true", "on"]);
const FALSE = new Set(["0", "no", "false", "off"]);
const METHODS = new Set<string>(["reload", "restart", "stop-start", "keep-old"]);

/**
 * How a changed, running unit of this kind is switched: X-SwitchMethod
 * when it names a method, else the legacy keys, else services and sockets
 * are stopped and started again, other units restarted.
 */
export function switchMethod(ini: UnitIni, unitName: string): SwitchMethod {
  const given = unitValue(ini, "X-SwitchMethod");
  if (given !== undefined && METHODS.has(given)) return given as SwitchMethod;
  const reloadIf = unitValue(ini, "X-ReloadIfChanged");
  const restartIf = unitValue(ini, "X-RestartIfChanged");
  const stopIf = unitValue(ini, "X-StopIfChanged");
  if (reloadIf !== undefined && TRUE.has(reloadIf)) return "reload";
  if (restartIf !== undefined && FALSE.has(restartIf)) return "keep-old";
  if (stopIf !== undefined && FALSE.has(stopIf)) return "restart";
  if (stopIf !== undefined && TRUE.has(stopIf)) return "stop-start";
  return unitName.endsWith(".service") || unitName.endsWith(".socket") ? "stop-start" : "restart";
}

/** Whether the boolean `key` of [Unit] (RefuseManualStart, RefuseManualStop) is true. */
export function unitFlag(ini: UnitIni, key: string): boolean {
  const v = unitValue(ini, key);
  return v !== undefined && TRUE.has(v);
}

const IGNORED = new Set(["Unit/Description", "Unit/X-Reload-Triggers"]);

function canonical(ini: UnitIni, keep: (section: string, key: string) => boolean): string {
  const out: [string, string, readonly string[]][] = [];
  for (const [section, keys] of ini) for (const [key, values] of keys) if (keep(section, key)) out.push([section, key, values]);
  return JSON.stringify(out.sort((a, b) => (a[0] + "\0" + a[1] < b[0] + "\0" + b[1] ? -1 : 1)));
}

/** What a running unit needs when its definition goes from `old` to `next`. */
export function unitChange(old: UnitIni, next: UnitIni): UnitChange {
  const restartRelevant = (section: string, key: string) => section !== "Install" && !IGNORED.has(`${section}/${key}`);
  if (canonical(old, restartRelevant) !== canonical(next, restartRelevant)) return "restart";
  const triggers = (section: string, key: string) => section === "Unit" && key === "X-Reload-Triggers";
  return canonical(old, triggers) !== canonical(next, triggers) ? "reload" : "none";
}
