/**
 * Running a command as a child process with a timeout and captured output:
 * the one way the service manager reaches systemd. Injected, so tests
 * script the answers.
 */
import { spawn } from "node:child_process";

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export type RunCommand = (argv: readonly string[], opts?: { readonly timeoutMs?: number }) => Promise<CommandResult>;

/** Plain, untranslated, uncoloured output from systemd's tools. */
const ENV = { ...process.env, LC_ALL: "C", SYSTEMD_COLORS: "0", SYSTEMD_PAGER: "", SYSTEMD_LOG_COLOR: "0" };

export const runCommand: RunCommand = (argv, opts = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill("SIGTERM")), opts.timeoutMs);
    child.on("error", (e) => (clearTimeout(timer), reject(e)));
    child.on("close", (code) => (clearTimeout(timer), resolve({ code: code ?? 1, stdout, stderr, timedOut })));
  });
