/**
 * Running the external tools packages need (apt-get, apt-cache, dpkg-deb,
 * nix, and the pinned patchelf through its own loader): synchronously
 * while a configuration is evaluated (resolution must answer inside a
 * thunk), asynchronously while realising.
 * A missing program is an exit status of 127 with a message, never a throw.
 */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

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
}

function environment(extra: RunOptions["env"]): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: "C.UTF-8", ...extra };
}

export function runSync(command: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const r = spawnSync(command, args, { env: environment(opts.env), cwd: opts.cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error !== undefined) return { status: 127, stdout: "", stderr: `${command}: ${(r.error as NodeJS.ErrnoException).code === "ENOENT" ? "command not found" : r.error.message}` };
  return { status: r.status ?? 128 + 9, stdout: r.stdout, stderr: r.stderr };
}

export function run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: environment(opts.env), cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
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
    child.on("error", (e: NodeJS.ErrnoException) => resolve({ status: 127, stdout, stderr: `${command}: ${e.code === "ENOENT" ? "command not found" : e.message}` }));
    child.on("close", (code) => resolve({ status: code ?? 128 + 9, stdout, stderr }));
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
