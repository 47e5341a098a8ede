/**
 * Running a command to completion with a timeout, synchronously (the home
 * activation is synchronous), its output captured: how the home
 * activation reaches the user's systemd. Injected, so tests script the
 * answers.
 */
import { spawnSync } from "node:child_process";
import type { CommandResult } from "../services/run-command.ts";

export type RunCommandSync = (argv: readonly string[], opts: { readonly env: Readonly<Record<string, string>>; readonly timeoutMs: number }) => CommandResult;

export const runCommandSync: RunCommandSync = (argv, opts) => {
  const r = spawnSync(argv[0] as string, argv.slice(1), { env: opts.env, timeout: opts.timeoutMs, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  if (r.error !== undefined && !timedOut) return { code: 127, stdout: "", stderr: `${argv[0]}: ${r.error.message}`, timedOut: false };
  return { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "", timedOut };
};
