/**
 * Unit files as NixOS renders them (systemd-lib.nix): sections with their
 * keys in Nix's attribute order, one `Key=value` line per list element,
 * booleans as true/false, packages and paths as their path; services get
 * JSON-quoted `Environment=` lines (systemd unquotes C escapes) and the
 * `X-…IfChanged` and `X-NotSocketActivated` flags switching reads. One addition to NixOS: a newline
 * inside a value is written as a `\` continuation, so a value can never
 * start a new key or section (systemd joins the lines with a space).
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { nixToString } from "./nix-to-string.ts";
import { compareNames } from "../../nix/value.ts";

export type UnitKind = "service" | "socket" | "timer" | "path" | "target" | "mount" | "automount" | "slice";

/** A section's settings: a value or a list of values per key (strings, numbers, booleans, paths, packages). */
export type Section = Readonly<Record<string, unknown>>;

/** The option values of one unit (after `wantedBy` is mapped), as `systemd.<kind>s.<name>` holds them. */
export interface UnitDef {
  readonly unitConfig: Section;
  readonly wantedBy: readonly string[];
  readonly environment?: Readonly<Record<string, unknown>>;
  readonly serviceConfig?: Section;
  readonly restartIfChanged?: boolean;
  readonly reloadIfChanged?: boolean;
  readonly stopIfChanged?: boolean;
  readonly notSocketActivated?: boolean;
  readonly socketConfig?: Section;
  readonly listenStreams?: readonly string[];
  readonly listenDatagrams?: readonly string[];
  readonly timerConfig?: Section;
  readonly pathConfig?: Section;
  readonly mountConfig?: Section;
  readonly automountConfig?: Section;
  readonly sliceConfig?: Section;
}

/** systemd accepts lines up to 1 MiB. */
const LINE_MAX = 1048576;

/** NixOS's toOption, with bare newlines turned into line continuations. */
export function unitValue(v: unknown): string {
  const s = v === true ? "true" : v === false ? "false" : nixToString(v);
  return s.replace(/(?<!\\)\n/g, "\\\n");
}

/** NixOS's attrsToSection: `Key=value` lines, keys sorted, lists one line per element. */
export function renderSection(section: Section): string {
  let out = "";
  for (const key of Object.keys(section).sort(compareNames)) {
    const v = section[key];
    for (const x of Array.isArray(v) ? v : [v]) out += `${key}=${unitValue(x)}\n`;
  }
  return out;
}

function environmentLines(unit: string, env: Readonly<Record<string, unknown>>): string {
  let out = "";
  for (const name of Object.keys(env).sort(compareNames)) {
    const v = env[name];
    if (v === null || v === undefined) continue;
    const line = `Environment=${JSON.stringify(`${name}=${nixToString(v)}`)}\n`;
    if (line.length >= LINE_MAX) throw new UserError(`Cannot write the environment variable '${name}' of ${unit}: its value is longer than systemd's line limit (1 MiB)`);
    out += line;
  }
  return out;
}

function serviceFlags(def: UnitDef): string {
  let out = "";
  if (def.reloadIfChanged === true) out += "X-ReloadIfChanged=true\n";
  else if (def.restartIfChanged === false) out += "X-RestartIfChanged=false\n";
  if (def.stopIfChanged === false) out += "X-StopIfChanged=false\n";
  if (def.notSocketActivated === true) out += "X-NotSocketActivated=true\n";
  return out;
}

function commonUnitText(def: UnitDef, lines: string): string {
  const install = def.wantedBy.length > 0 ? `\n[Install]\nWantedBy=${def.wantedBy.join(" ")}\n` : "";
  return `[Unit]\n${renderSection(def.unitConfig)}\n${lines}${install}`;
}

/**
 * The text of unit `name` of the given kind. `globalEnvironment` goes under
 * a service's own `environment` (which wins, and may remove a variable with null).
 */
export function renderUnit(name: string, kind: UnitKind, def: UnitDef, globalEnvironment: Readonly<Record<string, unknown>> = {}): string {
  switch (kind) {
    case "target":
      return `[Unit]\n${renderSection(def.unitConfig)}\n`;
    case "service": {
      const env = { ...globalEnvironment, ...(def.environment ?? {}) };
      return commonUnitText(def, `[Service]\n${environmentLines(name, env)}${serviceFlags(def)}${renderSection(def.serviceConfig ?? {})}`);
    }
    case "socket": {
      const streams = (def.listenStreams ?? []).map((s) => `ListenStream=${s}`).join("\n");
      const datagrams = (def.listenDatagrams ?? []).map((s) => `ListenDatagram=${s}`).join("\n");
      return commonUnitText(def, `[Socket]\n${renderSection(def.socketConfig ?? {})}\n${streams}\n${datagrams}\n`);
    }
    case "timer":
      return commonUnitText(def, `[Timer]\n${renderSection(def.timerConfig ?? {})}\n`);
    case "path":
      return commonUnitText(def, `[Path]\n${renderSection(def.pathConfig ?? {})}\n`);
    case "mount":
      return commonUnitText(def, `[Mount]\n${renderSection(def.mountConfig ?? {})}\n`);
    case "automount":
      return commonUnitText(def, `[Automount]\n${renderSection(def.automountConfig ?? {})}\n`);
    case "slice":
      return commonUnitText(def, `[Slice]\n${renderSection(def.sliceConfig ?? {})}\n`);
  }
}
