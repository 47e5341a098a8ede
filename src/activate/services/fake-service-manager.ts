/**
 * An in-memory service manager for unit tests: units are states with a
 * main PID (a new one on every start), every call is recorded in `calls`
 * as "job unit…", and units named in `failing` fail to start with a
 * journal line saying so; units named in `crashLooping` start (the job
 * succeeds) and then wait to be restarted, their main process having
 * exited with status 1, as a Restart= service that keeps crashing.
 */
import type { Availability, JobKind, JobResult, ServiceManager, TmpfilesResult, UnitStatus } from "./service-manager.ts";

interface FakeUnit {
  activeState: "active" | "inactive" | "failed" | "activating";
  mainPid: number;
}

export class FakeServiceManager implements ServiceManager {
  readonly calls: string[] = [];
  readonly failing = new Set<string>();
  readonly crashLooping = new Set<string>();
  readonly #units = new Map<string, FakeUnit>();
  readonly #availability: Availability;
  #nextPid = 100;

  constructor(opts: { readonly available?: Availability; readonly active?: Iterable<string> } = {}) {
    this.#availability = opts.available ?? { available: true };
    for (const u of opts.active ?? []) this.#unit(u).activeState = "active";
    for (const u of opts.active ?? []) this.#unit(u).mainPid = this.#nextPid++;
  }

  async available(): Promise<Availability> {
    return this.#availability;
  }

  async daemonReload(): Promise<void> {
    this.calls.push("daemon-reload");
  }

  async start(units: readonly string[]): Promise<JobResult[]> {
    return this.#jobs("start", units, (u, name) => (u.activeState === "active" ? undefined : this.#launch(u, name)));
  }

  async restart(units: readonly string[]): Promise<JobResult[]> {
    return this.#jobs("restart", units, (u, name) => this.#launch(u, name));
  }

  async stop(units: readonly string[]): Promise<JobResult[]> {
    return this.#jobs("stop", units, (u) => {
      u.activeState = "inactive";
      u.mainPid = 0;
      return undefined;
    });
  }

  async reload(units: readonly string[]): Promise<JobResult[]> {
    return this.#jobs("reload", units, (u) => (u.activeState === "active" ? undefined : "it is not active"));
  }

  async status(units: readonly string[]): Promise<UnitStatus[]> {
    return units.map((name) => this.#status(name));
  }

  async journal(unit: string, lines: number): Promise<string[]> {
    return this.failing.has(unit) || this.crashLooping.has(unit) ? [`${unit}: simulated failure`].slice(0, lines) : [];
  }

  async tmpfiles(configs: readonly string[]): Promise<TmpfilesResult> {
    this.calls.push(`tmpfiles ${configs.join(" ")}`);
    return { ok: true, output: "" };
  }

  /** The main PID of a unit (0 when it does not run). */
  pid(unit: string): number {
    return this.#units.get(unit)?.mainPid ?? 0;
  }

  #unit(name: string): FakeUnit {
    let u = this.#units.get(name);
    if (u === undefined) this.#units.set(name, (u = { activeState: "inactive", mainPid: 0 }));
    return u;
  }

  #launch(u: FakeUnit, name: string): string | undefined {
    if (this.failing.has(name)) {
      u.activeState = "failed";
      u.mainPid = 0;
      return `Job for ${name} failed because the control process exited with error code.`;
    }
    if (this.crashLooping.has(name)) {
      u.activeState = "activating";
      u.mainPid = 0;
      return undefined;
    }
    u.activeState = "active";
    u.mainPid = this.#nextPid++;
    return undefined;
  }

  #status(name: string): UnitStatus {
    const u = this.#units.get(name);
    const state = u?.activeState ?? "inactive";
    return {
      name,
      loadState: "loaded",
      activeState: state,
      subState: state === "active" ? "running" : state === "failed" ? "failed" : state === "activating" ? "auto-restart" : "dead",
      result: state === "failed" || state === "activating" ? "exit-code" : "success",
      mainPid: u?.mainPid ?? 0,
      execMainStatus: state === "failed" || state === "activating" ? 1 : 0,
    };
  }

  #jobs(job: JobKind, units: readonly string[], act: (u: FakeUnit, name: string) => string | undefined): JobResult[] {
    if (units.length === 0) return [];
    this.calls.push(`${job} ${units.join(" ")}`);
    return units.map((unit) => {
      const error = act(this.#unit(unit), unit);
      const status = this.#status(unit);
      return error === undefined ? { unit, job, ok: true, status } : { unit, job, ok: false, error, status };
    });
  }
}
