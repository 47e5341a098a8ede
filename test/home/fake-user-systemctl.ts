/**
 * An in-memory user systemd manager behind `systemctl --user`, for home
 * activation tests: the manager's state (running, degraded, or none at
 * all), the units running, units that fail to start; every call is
 * recorded in `calls` without the common `systemctl --user --no-pager`.
 */
import type { CommandResult } from "../../src/activate/services/run-command.ts";
import type { RunCommandSync } from "../../src/activate/home/run-command-sync.ts";

export class FakeUserSystemctl {
  readonly calls: string[] = [];
  readonly active: Set<string>;
  readonly failing = new Set<string>();
  /** What is-system-running says; undefined: no manager (cannot connect to the bus). */
  state: string | undefined;
  /** The environment of the last call. */
  env: Readonly<Record<string, string>> = {};

  constructor(opts: { readonly state?: string | undefined; readonly active?: Iterable<string> } = {}) {
    this.state = "state" in opts ? opts.state : "running";
    this.active = new Set(["default.target", "basic.target", ...(opts.active ?? [])]);
  }

  readonly run: RunCommandSync = (argv, opts) => {
    const args = argv.slice(3);
    this.env = opts.env;
    this.calls.push(args.join(" "));
    const ok = (stdout = ""): CommandResult => ({ code: 0, stdout, stderr: "", timedOut: false });
    if (this.state === undefined) return { code: 1, stdout: "", stderr: "Failed to connect to bus: No such file or directory\n", timedOut: false };
    const [verb, ...rest] = args;
    const units = rest.filter((a) => a !== "--");
    switch (verb) {
      case "is-system-running":
        return { code: this.state === "running" ? 0 : 1, stdout: `${this.state}\n`, stderr: "", timedOut: false };
      case "--state=failed":
        return ok("  UNIT          LOAD   ACTIVE SUB    DESCRIPTION\n● broken.service loaded failed failed Broken\n");
      case "list-units":
        return ok([...this.active].sort().map((u) => `${u} loaded active running ${u}\n`).join(""));
      case "daemon-reload":
        return ok();
      case "stop":
        for (const u of units) this.active.delete(u);
        return ok();
      default: {
        const failed = units.filter((u) => this.failing.has(u));
        for (const u of units) if (!this.failing.has(u)) this.active.add(u);
        if (failed.length === 0) return ok();
        const stderr = failed.map((u) => `Job for ${u} failed because the control process exited with error code.\nSee "systemctl --user status ${u}" and "journalctl --user -xeu ${u}" for details.\n`).join("");
        return { code: 1, stdout: "", stderr, timedOut: false };
      }
    }
  };
}
