/**
 * Running the external tools packages need (apt-get, apt-cache, dpkg-deb,
 * nix, and the pinned patchelf through its own loader): synchronously
 * while a configuration is evaluated (resolution must answer inside a
 * thunk), asynchronously while realising.
 * A missing program is an exit status of 127 with a message, never a throw.
 * Every run has a time limit (TIMEOUTS; SYSTEM_MANAGER_COMMAND_TIMEOUT_MS
 * lowers them all, for tests): a command that exceeds it is killed and is
 * a UserError naming it, as is one that failed for lack of disk space.
 */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";

/** Time limits by kind of command: answers from local lists, local work (unpacking, patching), downloads, Nix builds. */
export const TIMEOUTS = { query: 2 * 60_000, work: 5 * 60_000, download: 10 * 60_000, build: 60 * 60_000 } as const;

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Called with each line of stdout as it arrives (async runs only). */
  readonly onLine?: (line: string) => void;
  /** How long it may take before it is killed (default TIMEOUTS.work). */
  readonly timeoutMs?: number;
  /** What errors call the command (default: the program's name and its first arguments). */
  readonly label?: string;
}

/** The time limit a run with `opts` gets, in milliseconds. */
export function limit(opts: RunOptions): number {
  const cap = Number(process.env.SYSTEM_MANAGER_COMMAND_TIMEOUT_MS);
  const wanted = opts.timeoutMs ?? TIMEOUTS.work;
  return Number.isFinite(cap) && cap > 0 ? Math.min(cap, wanted) : wanted;
}

function label(command: string, args: readonly string[], opts: RunOptions): string {
  if (opts.label !== undefined) return opts.label;
  const shown = args.slice(0, 3).join(" ");
  return `${basename(command)}${shown === "" ? "" : ` ${shown}`}${args.length > 3 ? " …" : ""}`;
}

function duration(ms: number): string {
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} minute${ms === 60_000 ? "" : "s"}`;
  return `${ms / 1000} second${ms === 1000 ? "" : "s"}`;
}

/** The error for `command args` stopped at its time limit of `ms`. */
export function timedOut(command: string, args: readonly string[], opts: RunOptions, ms: number): UserError {
  return new UserError(`Cannot run ${label(command, args, opts)}: it did not finish within ${duration(ms)} and was stopped`);
}

const NO_SPACE = /No space left on device|ENOSPC/;

/** `r`, unless it failed for lack of disk space: then a UserError naming the command. */
export function checkedRun(command: string, args: readonly string[], opts: RunOptions, r: RunResult): RunResult {
  const text = r.stderr + (r.status !== 0 ? "\n" + r.stdout : "");
  if (!NO_SPACE.test(text)) return r;
  const line = text.split("\n").find((l) => NO_SPACE.test(l))?.trim() as string;
  throw new UserError(`Cannot run ${label(command, args, opts)}: no space left on device\n${line}`);
}

/** The environment commands run with: ours, in the C.UTF-8 locale, with `extra` set (undefined: unset). */
export function environment(extra: RunOptions["env"]): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: "C.UTF-8", ...extra };
}

export function runSync(command: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const ms = limit(opts);
  const r = spawnSync(command, args, { env: environment(opts.env), cwd: opts.cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: ms, killSignal: "SIGKILL" });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ETIMEDOUT") throw timedOut(command, args, opts, ms);
  if (r.error !== undefined) return { status: 127, stdout: "", stderr: `${command}: ${code === "ENOENT" ? "command not found" : r.error.message}` };
  return checkedRun(command, args, opts, { status: r.status ?? 128 + 9, stdout: r.stdout, stderr: r.stderr });
}

export function run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: environment(opts.env), cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    const ms = limit(opts);
    // Killed, it is done: a child of its own that still holds the pipes is not waited for.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      child.stdout.destroy();
      child.stderr.destroy();
      reject(timedOut(command, args, opts, ms));
    }, ms);
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (opts.onLine === undefined) return;
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() as string;
      lines.forEach(opts.onLine);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ status: 127, stdout, stderr: `${command}: ${e.code === "ENOENT" ? "command not found" : e.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      try {
        resolve(checkedRun(command, args, opts, { status: code ?? 128 + 9, stdout, stderr }));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Whether `command` is an executable on PATH (or an executable path). */
export function onPath(command: string, path = process.env.PATH ?? ""): boolean {
  const candidates = command.includes("/") ? [command] : path.split(delimiter).filter((d) => d !== "").map((d) => join(d, command));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The last meaningful lines of a tool's output, for error messages. */
export function tail(r: RunResult, lines = 6): string {
  const text = (r.stderr.trim() !== "" ? r.stderr : r.stdout).trim().split("\n");
  return text.slice(-lines).join("\n");
}

/** Runs `fn` over `items` with at most `limit` in flight; rejects with the first failure once all have settled. */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (e) {
        failure ??= e;
        next = items.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}
