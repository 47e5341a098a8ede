// Running `eval` with a large JavaScript stack when it needs one. The Nix
// evaluator recurses on the JavaScript stack, and V8's default limit on the
// main thread (under 1 MiB) allows about 1,500 nested Nix calls where Nix
// allows 10,000. V8's limit can only be set when Node starts, so an eval
// that ran out of it runs again in a child `node --stack-size=…`, sized to
// 80% of the child's stack rlimit (the main thread's stack grows up to it;
// the rest is headroom for native frames), which is raised for it
// (`ulimit -s`) as far as the hard limit allows and 64 MiB of stack needs.
// A second Node start doubles the start-up cost, so it is paid only when
// needed: the command runs here with its output held back; only if it ran
// out of stack is it run again, and what it printed is dropped. (build and
// switch evaluate in a worker thread instead: src/cli/evaluate-in-worker.ts.)
// CommonJS (bin/package.json), as the launchers are: they start without
// Node's ES module loader.
"use strict";
const { readFileSync } = require("node:fs");

const MARK = "SYSTEM_MANAGER_LARGE_STACK";
const DEFAULT_KB = 984;
const MAX_KB = 65536;
const OVERFLOW = /^error: stack overflow; max-call-depth exceeded|RangeError: Maximum call stack size exceeded/m;

/** The stack rlimit the relaunched process gets (KiB: the hard limit, up to what MAX_KB needs) and V8's stack size in it; undefined when the limits cannot be read. */
function stackKb() {
  let limits;
  try {
    limits = readFileSync("/proc/self/limits", "utf8");
  } catch {
    return undefined;
  }
  const m = /^Max stack size\s+(\S+)\s+(\S+)/m.exec(limits);
  if (m === null) return undefined;
  const kib = (v) => (v === "unlimited" ? Infinity : Number(v) / 1024);
  const [soft, hard] = [kib(m[1]), kib(m[2])];
  if (Number.isNaN(soft) || Number.isNaN(hard)) return undefined;
  // The soft limit is raised (ulimit -s, as far as the hard limit allows) for the child: the main thread's stack grows up to it.
  const limit = Math.max(soft, Math.min(hard, Math.ceil(MAX_KB * 1.25)));
  return { limit, v8: Math.min(MAX_KB, Math.floor(limit * 0.8)), raise: limit > soft };
}

/** The stack a relaunch would have, or undefined when this process cannot be given a larger one (already relaunched, or a small rlimit). */
function relaunchKb() {
  if (process.env[MARK] !== undefined) return undefined;
  const kb = stackKb();
  return kb === undefined || kb.v8 <= DEFAULT_KB ? undefined : kb;
}

/** Runs this launcher again with the stack `kb` (stackKb), resolving to the child's exit code (undefined when it could not start). */
async function relaunch(args, kb) {
  // Loaded only here: a command that is not relaunched does not pay for it.
  const { spawn } = require("node:child_process");
  const node = [process.execPath, ...process.execArgv, `--stack-size=${kb.v8}`, process.argv[1], ...args];
  const [command, ...argv] = kb.raise ? ["/bin/sh", "-c", 'ulimit -s "$0" && exec "$@"', String(kb.limit), ...node] : node;
  return new Promise((resolve) => {
    const child = spawn(command, argv, {
      stdio: "inherit",
      env: { ...process.env, [MARK]: String(kb.v8) },
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

/** Runs `main(args, io)` here with its output held back; runs it again with a large stack if it ran out. Its exit code. */
async function runOnOverflow(args, main) {
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

module.exports = { runOnOverflow };
