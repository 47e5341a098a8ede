/**
 * Child processes for the end-to-end harness: run a command to completion
 * with a timeout, capturing its output (stdout and stderr apart), or fail
 * with what it said.
 */
import { spawn, type SpawnOptions } from "node:child_process";

export interface Exec {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export function exec(argv: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; stdio?: SpawnOptions["stdio"] } = {}): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { env: opts.env ?? process.env, stdio: opts.stdio ?? ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill("SIGKILL")), opts.timeoutMs);
    child.on("error", (e) => (clearTimeout(timer), reject(e)));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr, timedOut });
    });
  });
}

/** Runs a command that must succeed; its output is in the error otherwise. */
export async function mustExec(argv: readonly string[], opts: { timeoutMs?: number } = {}): Promise<string> {
  const r = await exec(argv, opts);
  if (r.code !== 0 || r.timedOut) {
    throw new Error(`${argv.join(" ")} ${r.timedOut ? "timed out" : `exited with ${r.code}`}:\n${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

/** Whether a command is on PATH. */
export async function haveCommand(name: string): Promise<boolean> {
  return (await exec(["sh", "-c", `command -v ${name}`])).code === 0;
}
