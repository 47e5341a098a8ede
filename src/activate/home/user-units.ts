/**
 * home-manager's reloadSystemd step (sd-switch, `systemd.user.startServices
 * = true`), run by the home activation after its files are linked: when
 * the user's systemd manager is running (`systemctl --user
 * is-system-running` says running, or degraded, with a warning), the
 * units running in it are listed, the previous generation's user units
 * and the new one's compared (user-units-plan.ts), units stopped,
 * systemd reloaded, units reloaded, restarted and started. Every job
 * that fails is reported (unit and systemctl's message) and the step then
 * fails. Without a running manager it prints home-manager's "User
 * systemd daemon not running. Skipping reload." and succeeds. A home
 * with no user units in either generation has nothing to reload; a home
 * not activated in place (an activation root other than /) is not this
 * machine's user's, whose manager is left alone.
 */
import { realpathSync } from "node:fs";
import { UserError } from "../../diagnostics/user-error.ts";
import { homeFileLocation, type HomeFile } from "../../build/home-generation.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import type { RootFs } from "../root-fs.ts";
import { runCommandSync, type RunCommandSync } from "./run-command-sync.ts";
import { hasUserUnitFiles, userUnitsOf, type UserUnits } from "./user-unit-files.ts";
import type { UnitIni } from "./unit-ini.ts";
import { describeUserUnitsPlan, managerVerdict, planUserUnits } from "./user-units-plan.ts";

export interface UserUnitsGeneration {
  /** The generation's store path, as the root sees it. */
  readonly path: string;
  readonly files: readonly HomeFile[];
}

export interface ReloadSystemd {
  /** The store directory's filesystem (paths in it are store paths without the store directory). */
  readonly store: RootFs;
  /** The previous generations, most relevant first (the current one, then any whose links may be in the home). */
  readonly old: readonly UserUnitsGeneration[];
  readonly next: UserUnitsGeneration;
  /** The home as this process reaches it, and as the generation names it. */
  readonly homeDir: string;
  readonly homeDirectory: string;
  /** Runs systemctl; tests inject a fake. Undefined: the real one, used only for a home activated in place. */
  readonly run: RunCommandSync | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
  readonly timeoutMs?: number;
}

const TIMEOUT_MS = 120_000;
const ACTIVE = new Set(["active", "activating", "reloading"]);

/** `systemctl list-units --all --plain --no-legend` lines: the units running now. */
export function parseActiveUnits(stdout: string): Set<string> {
  const out = new Set<string>();
  for (const line of stdout.split("\n")) {
    const [unit, , active] = line.trim().split(/\s+/);
    if (unit !== undefined && unit !== "" && active !== undefined && ACTIVE.has(active)) out.add(unit);
  }
  return out;
}

/** A file of a generation (its home-files entry, or the store file its link names straight), followed through links inside the store; undefined when it cannot be read. */
function readGenerationFile(store: RootFs, generation: string, f: HomeFile): string | undefined {
  let path = homeFileLocation(generation, f).slice(STORE_DIR.length);
  try {
    for (let hops = 0; hops < 8; hops++) {
      const e = store.entry(path);
      if (e.kind === "file") return store.readFile(path).toString("utf8");
      if (e.kind !== "symlink") return undefined;
      const at = e.target.indexOf(STORE_DIR + "/");
      if (at < 0) return undefined;
      path = e.target.slice(at + STORE_DIR.length);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function unitsOf(store: RootFs, g: UserUnitsGeneration): UserUnits {
  const files = new Map(g.files.map((f) => [f.target, f]));
  return userUnitsOf([...files.keys()], (t) => readGenerationFile(store, g.path, files.get(t) as HomeFile));
}

/**
 * The previous generations' units as one: a unit as the first of them
 * that has it defines it, wanted by every target any of them says. A
 * unit of a generation whose activation failed after starting it is
 * still known, so it is stopped once no generation has it.
 */
function mergedUnits(list: readonly UserUnits[]): UserUnits {
  const units = new Map<string, UnitIni | undefined>();
  const wantedBy = new Map<string, Set<string>>();
  for (const u of list) {
    for (const [name, ini] of u.units) if (!units.has(name)) units.set(name, ini);
    for (const [name, targets] of u.wantedBy) wantedBy.set(name, new Set([...(wantedBy.get(name) ?? []), ...targets]));
  }
  return { units, wantedBy };
}

function inPlace(homeDir: string, homeDirectory: string): boolean {
  try {
    return realpathSync(homeDir) === realpathSync(homeDirectory);
  } catch {
    return false;
  }
}

export function reloadSystemd(r: ReloadSystemd): void {
  if (!hasUserUnitFiles(r.next.files.map((f) => f.target)) && !r.old.some((g) => hasUserUnitFiles(g.files.map((f) => f.target)))) return;
  if (r.run === undefined && !inPlace(r.homeDir, r.homeDirectory)) {
    r.log(`Not reloading systemd user units: the home is activated at ${r.homeDir}, not in place at ${r.homeDirectory}`);
    return;
  }
  const run = r.run ?? runCommandSync;
  const timeoutMs = r.timeoutMs ?? TIMEOUT_MS;
  const defined = Object.fromEntries(Object.entries(r.env).filter((kv): kv is [string, string] => kv[1] !== undefined));
  const env = { ...defined, XDG_RUNTIME_DIR: r.env.XDG_RUNTIME_DIR ?? `/run/user/${process.getuid?.() ?? 0}`, LC_ALL: "C", SYSTEMD_COLORS: "0", SYSTEMD_PAGER: "" };
  const systemctl = (...args: string[]) => run(["systemctl", "--user", "--no-pager", ...args], { env, timeoutMs });
  const why = (c: { timedOut: boolean; stderr: string }) => (c.timedOut ? `timed out after ${timeoutMs / 1000} s` : c.stderr.trim().split("\n").join(" "));

  const status = systemctl("is-system-running");
  const verdict = managerVerdict(status.stdout + status.stderr);
  if (!verdict.proceed) {
    r.log(verdict.message);
    return;
  }
  if (verdict.degraded) {
    r.log("The user systemd session is degraded:");
    for (const l of systemctl("--state=failed").stdout.split("\n")) if (l.trim() !== "") r.log(l);
    r.log("Attempting to reload services anyway...");
  }
  const listed = systemctl("list-units", "--all", "--full", "--plain", "--no-legend");
  if (listed.code !== 0 || listed.timedOut) throw new UserError(`Cannot list the user's systemd units: systemctl --user list-units ${listed.timedOut ? why(listed) : `failed: ${why(listed)}`}`);
  const plan = planUserUnits(mergedUnits(r.old.map((g) => unitsOf(r.store, g))), unitsOf(r.store, r.next), parseActiveUnits(listed.stdout));

  const failures: string[] = [];
  const job = (kind: string, units: readonly string[]) => {
    if (units.length === 0) return;
    const c = systemctl(kind, "--", ...units);
    if (c.code === 0 && !c.timedOut) return;
    if (c.timedOut) return void failures.push(`Failed to ${kind} ${units.join(", ")}: ${why(c)}`);
    const lines = c.stderr.split("\n").filter((l) => l.trim() !== "");
    const named = units.map((u) => [u, lines.filter((l) => l.includes(u))] as const).filter(([, ls]) => ls.length > 0);
    if (named.length === 0) failures.push(`Failed to ${kind} ${units.join(", ")}: ${why(c) || `systemctl exited with status ${c.code}`}`);
    for (const [u, ls] of named) failures.push(`Failed to ${kind} ${u}: ${ls.map((l) => l.trim()).join(" ")}`);
  };
  for (const line of describeUserUnitsPlan(plan)) r.log(line);
  job("stop", plan.stop);
  const reload = systemctl("daemon-reload");
  if (reload.code !== 0 || reload.timedOut) failures.push(`Failed to reload the user's systemd units: systemctl --user daemon-reload ${reload.timedOut ? why(reload) : `failed: ${why(reload)}`}`);
  else {
    for (const u of plan.reload) job("reload", [u]);
    job("restart", plan.restart);
    job("start", plan.start);
  }
  if (failures.length > 0) throw new UserError(`Switching the systemd user units of ${r.homeDirectory} failed:\n${failures.join("\n")}`);
}
