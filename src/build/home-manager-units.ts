/**
 * home-manager-<user>.service, as home-manager's NixOS module defines it: a
 * oneshot that runs the user's home activation as the user, remains active
 * after it, needs the home's mount, runs before user sessions, and is
 * wanted by multi-user.target (system-manager.target here). Its ExecStart
 * runs the generation's own engine (a store path) and names the home
 * generation, so a changed home restarts it. Unlike home-manager's, the
 * unit runs as root the engine's `home-unit`, which keeps the gc roots of
 * the generations the home's links may stay in and runs the activation as
 * the user (src/activate/home/home-unit.ts): a switch relinks only the
 * files that changed, as it does without systemd.
 */
import type { HomeEntry, UserEntry } from "./manifest.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";
import { ENGINE_BIN } from "./engine-store-paths.ts";

export function homeManagerUnits(
  homes: Readonly<Record<string, HomeEntry>>,
  users: readonly UserEntry[],
  engine: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [user, h] of Object.entries(homes)) {
    const home = users.find((u) => u.name === user)?.home ?? `/home/${user}`;
    out[`home-manager-${escapeSystemdName(user)}`] = {
      enable: true,
      wantedBy: ["multi-user.target"],
      requiredBy: [],
      unitConfig: {
        Description: `Home Manager environment for ${user}`,
        Wants: "nix-daemon.socket",
        After: "nix-daemon.socket",
        Before: "systemd-user-sessions.service",
        RequiresMountsFor: home,
      },
      // As home-manager's: Qt programs its activation may run (kwriteconfig) need no display.
      environment: { QT_QPA_PLATFORM: "offscreen", ...(h.backupFileExtension === null ? {} : { HOME_MANAGER_BACKUP_EXT: h.backupFileExtension }), ...(h.verbose ? { VERBOSE: "1" } : {}) },
      serviceConfig: {
        Type: "oneshot",
        RemainAfterExit: "yes",
        TimeoutStartSec: "5m",
        SyslogIdentifier: `hm-activate-${user}`,
        ExecStart: [`${engine}/${ENGINE_BIN}`, "home-unit", "--user", user, "--home", home, "--generation", h.generation, "--engine", engine].map(execArg).join(" "),
      },
      restartIfChanged: true,
      reloadIfChanged: false,
      stopIfChanged: false,
    };
  }
  return out;
}

/** A word of a unit's command line: quoted where systemd would split or expand it (% and $ doubled). */
export function execArg(s: string): string {
  const escaped = s.replace(/%/g, "%%").replace(/\$/g, "$$$$");
  return /^[A-Za-z0-9_.\/:@+=,-]+$/.test(escaped) ? escaped : `"${escaped.replace(/["\\]/g, "\\$&")}"`;
}

/** systemd-escape for a unit name component: `-` and unusual bytes become \xNN. */
export function escapeSystemdName(s: string): string {
  return [...Buffer.from(s)].map((b, i) => {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9:_]/.test(c) || (c === "." && i > 0)) return c;
    return `\\x${b.toString(16).padStart(2, "0")}`;
  }).join("");
}

/** `home-manager.users` of an evaluated system configuration, if it has Home Manager. */
export function homeManagerUsers(cfg: NixAttrs): NixAttrs | undefined {
  const hm = cfg.has("home-manager") ? force(cfg.lazy("home-manager") as Lazy) : undefined;
  const users = hm instanceof NixAttrs && hm.has("users") ? force(hm.lazy("users") as Lazy) : undefined;
  return users instanceof NixAttrs ? users : undefined;
}

/**
 * `systemd` without the home-manager-<user> services of Home Manager
 * users (in `services`, and in the `units` made of them), which the build
 * replaces with the units above: the real home-manager's run its
 * Nix-based activation package, never built here.
 */
export function withoutHomeManagerUnits(cfg: NixAttrs): Lazy {
  const systemd = force(cfg.lazy("systemd") as Lazy);
  const users = homeManagerUsers(cfg);
  if (!(systemd instanceof NixAttrs) || users === undefined) return systemd;
  const replaced = new Set(users.keys().map((u) => `home-manager-${escapeSystemdName(u)}`));
  const without = (key: string, name: (unit: string) => string) => {
    const set = systemd.has(key) ? force(systemd.lazy(key) as Lazy) : undefined;
    return set instanceof NixAttrs ? new NixAttrs(new Map([...set.map].filter(([unit]) => !replaced.has(name(unit))))) : undefined;
  };
  const services = without("services", (unit) => unit);
  const units = without("units", (unit) => unit.replace(/\.service$/, ""));
  const kept = new Map(systemd.map);
  if (services !== undefined) kept.set("services", services);
  if (units !== undefined) kept.set("units", units);
  return new NixAttrs(kept);
}
