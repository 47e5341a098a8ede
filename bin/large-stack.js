// Running a command with a large JavaScript stack. The Nix evaluator
// recurses on the JavaScript stack, and V8's default limit on the main
// thread (under 1 MiB) allows about 1,500 nested Nix calls where Nix allows
// 10,000. V8's limit can only be set when Node starts, so a command that
// needs it runs again in a child `node --stack-size=…`, sized to 80% of
// the process's stack rlimit (the main thread's stack grows up to it; the
// rest is headroom for native frames). A second Node start doubles the
// start-up cost, so it is paid only when needed:
// - on demand (build, switch): the command runs here and asks for the
//   relaunch (src/nix/large-stack.ts, needLargeStack) only once it knows
//   it must evaluate, before it has printed or changed anything; a cache
//   hit never evaluates;
// - on overflow (eval): the command runs here with its output held back;
//   only if it ran out of stack is it run again, and what it printed is
//   dropped;
// - always (relaunchWithLargeStack, home-manager's build and switch).
// Only fds 0–2 are passed on, so commands run with other descriptors (the
// hidden home-activate) are never relaunched.
import { readFileSync } from "node:fs";

const MARK = "SYSTEM_MANAGER_LARGE_STACK";
const DEFAULT_KB = 984;
const MAX_KB = 65536;
/** Where a launcher offers the on-demand relaunch (src/nix/large-stack.ts reads it). */
const RELAUNCH = Symbol.for("system-manager.relaunch-with-large-stack");
const OVERFLOW = /^error: stack overflow; max-call-depth exceeded|RangeError: Maximum call stack size exceeded/m;

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

/** The stack size a relaunch would have, or undefined when this process cannot be given a larger one (already relaunched, or a small rlimit). */
function relaunchKb() {
  if (process.env[MARK] !== undefined) return undefined;
  const kb = stackKb();
  return kb === undefined || kb <= DEFAULT_KB ? undefined : kb;
}

/** Runs this launcher again with `kb` KiB of stack, resolving to the child's exit code (undefined when it could not start). */
async function relaunch(args, kb) {
  // Loaded only here: a command that is not relaunched does not pay for it.
  const { spawn } = await import("node:child_process");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, `--stack-size=${kb}`, process.argv[1], ...args], {
      stdio: "inherit",
      env: { ...process.env, [MARK]: String(kb) },
    });
    // The parent waits, passing on SIGTERM and SIGHUP; SIGINT from the terminal reaches the child through its process group.
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

const wantsHelp = (args) => args.includes("--help") || args.includes("-h");

/**
 * Runs this launcher again with a large stack when `args` name one of
 * `commands` (and not --help), resolving to the child's exit code; resolves
 * to undefined when the current process should run the command itself.
 */
export function relaunchWithLargeStack(args, commands) {
  const kb = relaunchKb();
  if (kb === undefined || !commands.includes(args[0]) || wantsHelp(args)) return Promise.resolve(undefined);
  return relaunch(args, kb);
}

/** Runs `main(args, io?)` here, offering the relaunch on demand; its exit code. */
export async function runOnDemand(args, main) {
  const kb = relaunchKb();
  if (kb !== undefined) {
    globalThis[RELAUNCH] = async () => {
      const code = await relaunch(args, kb);
      if (code === undefined) return;
      process.exit(code);
    };
  }
  return main(args);
}

/** Runs `main(args, io)` here with its output held back; runs it again with a large stack if it ran out. Its exit code. */
export async function runOnOverflow(args, main) {
  const kb = relaunchKb();
  if (kb === undefined || wantsHelp(args)) return main(args);
  const held = [];
  const io = { stdout: (t) => held.push([process.stdout, t]), stderr: (t) => held.push([process.stderr, t]), env: process.env, cwd: process.cwd() };
  // What the evaluation writes to stderr itself (builtins.trace) is held back too, in order.
  const write = process.stderr.write;
  process.stderr.write = (chunk, encoding, cb) => {
    held.push([process.stderr, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString()]);
    (typeof encoding === "function" ? encoding : cb)?.();
    return true;
  };
  let code;
  try {
    code = await main(args, io);
  } finally {
    process.stderr.write = write;
  }
  if (code !== 0 && held.some(([s, t]) => s === process.stderr && OVERFLOW.test(t))) {
    const again = await relaunch(args, kb);
    if (again !== undefined) return again;
  }
  for (const [stream, text] of held) stream.write(text);
  return code;
}
