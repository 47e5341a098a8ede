/**
 * The service manager over systemctl, journalctl and systemd-tmpfiles as
 * child processes (no D-Bus library). A job command returns when systemd
 * has finished the jobs; each unit's result is then read from its state,
 * as switch-to-configuration reads job results. A job that outlasts the
 * timeout is reported as timed out (systemd goes on with it).
 */
import { existsSync } from "node:fs";
import { UserError } from "../../diagnostics/user-error.ts";
import { runCommand, type CommandResult, type RunCommand } from "./run-command.ts";
import { isActive, type Availability, type JobKind, type JobResult, type ServiceManager, type TmpfilesResult, type UnitStatus } from "./service-manager.ts";

export interface SystemctlOptions {
  /** The activation root: units are managed only when it is "/". */
  readonly root: string;
  readonly run?: RunCommand;
  /** Whether a host path exists (to detect a running systemd). */
  readonly exists?: (path: string) => boolean;
  /** How long to wait for a batch of jobs. */
  readonly jobTimeoutMs?: number;
}

const SHOW = ["Id", "LoadState", "ActiveState", "SubState", "Result", "MainPID", "ExecMainStatus"];

/** `systemctl show` output: one block of Key=Value lines per unit, blocks separated by a blank line. */
export function parseShow(stdout: string): UnitStatus[] {
  return stdout
    .split(/\n\s*\n/)
    .filter((b) => b.trim() !== "")
    .map((block) => {
      const kv = new Map(block.split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const));
      return {
        name: kv.get("Id") ?? "",
        loadState: kv.get("LoadState") ?? "",
        activeState: kv.get("ActiveState") ?? "",
        subState: kv.get("SubState") ?? "",
        result: kv.get("Result") ?? "",
        mainPid: Number(kv.get("MainPID") ?? 0),
        ...(kv.has("ExecMainStatus") ? { execMainStatus: Number(kv.get("ExecMainStatus")) } : {}),
      };
    });
}

/** Whether a job of this kind left the unit where it should be. */
function jobSucceeded(job: JobKind, s: UnitStatus): boolean {
  if (job === "stop") return !isActive(s);
  return isActive(s) || (s.activeState === "inactive" && s.result === "success");
}

export class SystemctlServiceManager implements ServiceManager {
  readonly #root: string;
  readonly #run: RunCommand;
  readonly #exists: (path: string) => boolean;
  readonly #timeoutMs: number;

  constructor(opts: SystemctlOptions) {
    this.#root = opts.root;
    this.#run = opts.run ?? runCommand;
    this.#exists = opts.exists ?? existsSync;
    this.#timeoutMs = opts.jobTimeoutMs ?? 90_000;
  }

  async available(): Promise<Availability> {
    if (this.#root !== "/") return { available: false, reason: `the target is --root ${this.#root}, not this machine` };
    if (!this.#exists("/run/systemd/system")) return { available: false, reason: "systemd is not running as PID 1 here (there is no /run/systemd/system)" };
    const r = await this.#run(["systemctl", "--version"]).catch(() => undefined);
    if (r === undefined || r.code !== 0) return { available: false, reason: "systemctl cannot be run" };
    return { available: true };
  }

  async daemonReload(): Promise<void> {
    const r = await this.#systemctl(["daemon-reload"]);
    if (r.code !== 0 || r.timedOut) throw new UserError(`Cannot reload systemd's units: systemctl daemon-reload ${r.timedOut ? "timed out" : `failed: ${r.stderr.trim()}`}`);
  }

  start(units: readonly string[]): Promise<JobResult[]> {
    return this.#jobs("start", units);
  }

  stop(units: readonly string[]): Promise<JobResult[]> {
    return this.#jobs("stop", units);
  }

  restart(units: readonly string[]): Promise<JobResult[]> {
    return this.#jobs("restart", units);
  }

  /** One unit at a time: a failed reload leaves no trace in the unit's state to tell which one failed. */
  async reload(units: readonly string[]): Promise<JobResult[]> {
    const out: JobResult[] = [];
    for (const unit of units) {
      const r = await this.#systemctl(["reload", "--", unit]);
      const ok = r.code === 0 && !r.timedOut;
      out.push(ok ? { unit, job: "reload", ok } : { unit, job: "reload", ok, error: r.timedOut ? "timed out" : r.stderr.trim() });
    }
    return out;
  }

  async status(units: readonly string[]): Promise<UnitStatus[]> {
    if (units.length === 0) return [];
    const r = await this.#must(["show", `--property=${SHOW.join(",")}`, "--", ...units]);
    const byName = new Map(parseShow(r.stdout).map((s) => [s.name, s]));
    return units.map((u) => byName.get(u) ?? { name: u, loadState: "not-found", activeState: "inactive", subState: "dead", result: "success", mainPid: 0 });
  }

  async journal(unit: string, lines: number): Promise<string[]> {
    const r = await this.#run(["journalctl", "--no-pager", "--boot", "--unit", unit, "--lines", String(lines), "--output", "short"], { timeoutMs: 10_000 });
    return r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("-- "));
  }

  async tmpfiles(configs: readonly string[]): Promise<TmpfilesResult> {
    if (configs.length === 0) return { ok: true, output: "" };
    const r = await this.#run(["systemd-tmpfiles", "--create", "--remove", "--", ...configs], { timeoutMs: this.#timeoutMs });
    return { ok: r.code === 0 && !r.timedOut, output: (r.stdout + r.stderr).trim() };
  }

  async #jobs(job: JobKind, units: readonly string[]): Promise<JobResult[]> {
    if (units.length === 0) return [];
    const r = await this.#systemctl([job, "--", ...units]);
    const states = await this.status(units);
    return states.map((status, i) => {
      const unit = units[i] as string;
      if (r.timedOut && !jobSucceeded(job, status)) return { unit, job, ok: false, error: `timed out after ${this.#timeoutMs / 1000} s`, status };
      const ok = r.code === 0 ? status.activeState !== "failed" || job === "stop" : jobSucceeded(job, status);
      if (ok) return { unit, job, ok, status };
      const said = r.stderr.split("\n").find((l) => l.includes(unit));
      return { unit, job, ok, error: said?.trim() ?? `it is ${status.activeState} (${status.result})`, status };
    });
  }

  #systemctl(args: readonly string[]): Promise<CommandResult> {
    return this.#run(["systemctl", "--no-pager", "--no-ask-password", ...args], { timeoutMs: this.#timeoutMs });
  }

  async #must(args: readonly string[]): Promise<CommandResult> {
    const r = await this.#systemctl(args);
    if (r.code !== 0 || r.timedOut) throw new UserError(`Cannot run systemctl ${args[0]}: ${r.timedOut ? "timed out" : r.stderr.trim()}`);
    return r;
  }
}
