// Relaunch with a large JavaScript stack. The Nix evaluator recurses on the
// JavaScript stack, and V8's default limit on the main thread (under 1 MiB)
// allows about 1,500 nested Nix calls where Nix allows 10,000. V8's limit
// can only be set when Node starts, so commands that evaluate run again in
// a child `node --stack-size=…`, sized to 80% of the process's stack
// rlimit (the main thread's stack grows up to it; the rest is headroom for
// native frames). Only fds 0–2 are passed on, so commands run with other
// descriptors (the hidden home-activate) are never relaunched.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const MARK = "SYSTEM_MANAGER_LARGE_STACK";
const DEFAULT_KB = 984;
const MAX_KB = 65536;

/** The stack size (KiB) for V8, from the soft stack rlimit; undefined when it cannot be read. */
function stackKb() {
  let limits;
  try {
    limits = readFileSync("/proc/self/limits", "utf8");
  } catch {
    return undefined;
  }
  const soft = /^Max stack size\s+(\S+)/m.exec(limits)?.[1];
  if (soft === undefined) return undefined;
  const bytes = soft === "unlimited" ? MAX_KB * 1024 * 1.25 : Number(soft);
  return Number.isFinite(bytes) ? Math.min(MAX_KB, Math.floor((bytes / 1024) * 0.8)) : undefined;
}

/**
 * Runs this launcher again with a large stack when `args` name one of
 * `commands` (and not --help), resolving to the child's exit code; resolves
 * to undefined when the current process should run the command itself.
 * The parent waits, passing on SIGTERM and SIGHUP; SIGINT from the terminal
 * reaches the child through its process group, so the parent only outlives it.
 */
export function relaunchWithLargeStack(args, commands) {
  if (process.env[MARK] !== undefined || !commands.includes(args[0]) || args.includes("--help") || args.includes("-h")) return Promise.resolve(undefined);
  const kb = stackKb();
  if (kb === undefined || kb <= DEFAULT_KB) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, `--stack-size=${kb}`, process.argv[1], ...args], {
      stdio: "inherit",
      env: { ...process.env, [MARK]: String(kb) },
    });
    const pass = (signal) => child.kill(signal);
    const ignore = () => {};
    process.on("SIGTERM", pass).on("SIGHUP", pass).on("SIGINT", ignore);
    child.once("error", () => resolve(undefined));
    child.once("exit", (code, signal) => {
      process.off("SIGTERM", pass).off("SIGHUP", pass).off("SIGINT", ignore);
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}
