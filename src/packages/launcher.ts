/**
 * Runs many short commands (a realisation's dpkg-deb and patchelf runs)
 * without forking Node for each: forking a Node process copies its page
 * tables, which takes 10 to 45 ms per command here and blocks the event
 * loop meanwhile, while a small shell forks in about a millisecond. A
 * Launcher keeps up to `size` shells (`sh`), each running one command at
 * a time, sent on its stdin, in a subshell with the variables asked for
 * set or unset. The command's output (stdout and stderr together, text:
 * the commands run here print no NUL byte) goes to the shell's stderr,
 * ended by a NUL byte, and its status to the shell's stdout, ended by a
 * NUL byte too; a result's stdout is therefore empty. Each shell leads a process group of
 * its own: a command past its time limit is killed with its children (and
 * its shell, replaced by a fresh one). Results are run()'s: a missing
 * program is status 127, a command past its limit or out of disk space a
 * UserError. When this process dies, each shell reads the end of its
 * input and exits.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { UserError } from "../diagnostics/user-error.ts";
import { checkedRun, environment, limit, timedOut, type RunOptions, type RunResult } from "./run.ts";
import { shellQuote } from "./shell-quote.ts";

interface Job {
  readonly text: string;
  readonly ms: number;
  readonly done: (output: string, status: number) => void;
  readonly failed: (error: Error | "timeout") => void;
}

/** The shell text that runs `command args` with `opts`'s variables and directory: output then NUL on stderr, status then NUL on stdout. */
export function commandText(command: string, args: readonly string[], opts: RunOptions): string {
  const vars = Object.entries(opts.env ?? {}).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`not a variable name: ${k}`);
    return v === undefined ? `unset ${k}; ` : `export ${k}=${shellQuote(v)}; `;
  });
  const cd = opts.cwd === undefined ? "" : `cd ${shellQuote(opts.cwd)} && `;
  const line = [command, ...args].map(shellQuote).join(" ");
  return `(${vars.join("")}${cd}exec ${line}) </dev/null 1>&2; s=$?; printf '\\0' >&2; printf '%d\\0' "$s"\n`;
}

class Shell {
  readonly #child: ChildProcessWithoutNullStreams;
  #current: Job | undefined;
  #timer: NodeJS.Timeout | undefined;
  #status: string | undefined;
  #output: string | undefined;
  #out = "";
  #err = "";
  #dead: Error | undefined;
  readonly #idle: () => void;

  constructor(idle: () => void) {
    this.#idle = idle;
    this.#child = spawn("sh", [], { env: environment(undefined), stdio: ["pipe", "pipe", "pipe"], detached: true });
    this.#child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      this.#out += chunk;
      this.#settle();
    });
    this.#child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.#err += chunk;
      this.#settle();
    });
    this.#child.stdin.on("error", () => undefined);
    this.#child.on("error", (e) => this.#die(e));
    this.#child.on("close", (code) => this.#die(new Error(`the launcher's shell exited (${code})`)));
  }

  get usable(): boolean {
    return this.#current === undefined && this.#dead === undefined;
  }

  get dead(): boolean {
    return this.#dead !== undefined;
  }

  #die(e: Error | "timeout"): void {
    clearTimeout(this.#timer);
    if (e !== "timeout") this.#dead ??= e;
    const job = this.#current;
    this.#current = undefined;
    job?.failed(e);
  }

  start(job: Job): void {
    this.#current = job;
    this.#status = this.#output = undefined;
    this.#timer = setTimeout(() => {
      this.#dead = new Error("killed at its time limit");
      this.#die("timeout");
      try {
        process.kill(-(this.#child.pid as number), "SIGKILL");
      } catch {
        // It exited meanwhile.
      }
    }, job.ms);
    this.#child.stdin.write(job.text);
  }

  #settle(): void {
    const end = this.#out.indexOf("\0");
    if (this.#status === undefined && end >= 0) {
      this.#status = this.#out.slice(0, end);
      this.#out = this.#out.slice(end + 1);
    }
    const stop = this.#err.indexOf("\0");
    if (this.#output === undefined && stop >= 0) {
      this.#output = this.#err.slice(0, stop);
      this.#err = this.#err.slice(stop + 1);
    }
    if (this.#status === undefined || this.#output === undefined) return;
    clearTimeout(this.#timer);
    const job = this.#current;
    this.#current = undefined;
    job?.done(this.#output, Number(this.#status));
    this.#idle();
  }

  close(): void {
    this.#child.stdin.end();
  }
}

export class Launcher {
  readonly #size: number;
  readonly #shells: Shell[] = [];
  readonly #queue: Job[] = [];

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const ms = limit(opts);
    return new Promise((resolve, reject) => {
      const done = (output: string, status: number) => {
        // The shell says 127 for a program it cannot find, and 126 for one it cannot run.
        const r = { status, stdout: "", stderr: status === 127 ? `${command}: command not found\n${output}` : output };
        try {
          resolve(checkedRun(command, args, opts, r));
        } catch (e) {
          reject(e);
        }
      };
      const failed = (e: Error | "timeout") => reject(e === "timeout" ? timedOut(command, args, opts, ms) : new UserError(`Cannot run ${command}: ${e.message}`));
      this.#queue.push({ text: commandText(command, args, opts), ms, done, failed });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      for (let i = this.#shells.length - 1; i >= 0; i--) if ((this.#shells[i] as Shell).dead) this.#shells.splice(i, 1);
      let shell = this.#shells.find((s) => s.usable);
      if (shell === undefined && this.#shells.length < this.#size) this.#shells.push((shell = new Shell(() => this.#pump())));
      if (shell === undefined) return;
      shell.start(this.#queue.shift() as Job);
    }
  }

  /** Ends the shells once their commands are done. */
  close(): void {
    for (const s of this.#shells) s.close();
  }
}
