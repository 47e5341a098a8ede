// Running a command with a large JavaScript stack. The Nix evaluator
// recurses on the JavaScript stack, and V8's default limit on the main
// thread (under 1 MiB) allows about 1,500 nested Nix calls where Nix allows
// 10,000. V8's limit can only be set when Node starts, so a command that
// needs it runs again in a child `node --stack-size=…`, sized to 80% of
// the child's stack rlimit (the main thread's stack grows up to it; the
// rest is headroom for native frames), which is raised for it (`ulimit -s`)
// as far as the hard limit allows and 64 MiB of stack needs. A second Node start doubles the
// start-up cost, so it is paid only when needed:
// - on demand (system-manager's build and switch): the command runs here and asks for the
//   relaunch (src/nix/large-stack.ts, needLargeStack) only once it knows
//   it must evaluate, before it has printed or changed anything; a cache
//   hit never evaluates;
// - on overflow (eval): the command runs here with its output held back;
//   only if it ran out of stack is it run again, and what it printed is
//   dropped;
// - on overflow of its evaluation (runUntilEvaluated, home-manager's build
//   and switch): as on overflow, but the output is held back only until
//   the command says its evaluation is over (a cache hit says so at once),
//   and from then on the command is not run again.
// Only fds 0–2 are passed on, so commands run with other descriptors (the
// hidden home-activate) are never relaunched. CommonJS (bin/package.json),
// as the launchers are: they start without Node's ES module loader.
"use strict";
const { readFileSync } = require("node:fs");

const MARK = "SYSTEM_MANAGER_LARGE_STACK";
const DEFAULT_KB = 984;
const MAX_KB = 65536;
/** Where a launcher offers the on-demand relaunch (src/nix/large-stack.ts reads it). */
const RELAUNCH = Symbol.for("system-manager.relaunch-with-large-stack");
/** Where a launcher holding output back until the evaluation is over is told so (src/cli/home-manager/evaluation-over.ts). */
const EVALUATED = Symbol.for("system-manager.evaluation-over");
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

/** Runs `main(args, io?)` here, offering the relaunch on demand; its exit code. */
async function runOnDemand(args, main) {
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

/** Holds back what this process writes to stdout and stderr: `release` writes it out and stops holding, `drop` stops holding and forgets it. */
function holdOutput() {
  const held = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((s) => s.write);
  for (const s of streams) {
    s.write = (chunk, encoding, cb) => {
      held.push([s, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString()]);
      (typeof encoding === "function" ? encoding : cb)?.();
      return true;
    };
  }
  let holding = true;
  const stop = () => {
    if (holding) streams.forEach((s, i) => (s.write = writes[i]));
    holding = false;
  };
  return {
    held,
    holding: () => holding,
    release: () => {
      stop();
      for (const [stream, text] of held.splice(0)) stream.write(text);
    },
    drop: stop,
  };
}

/**
 * Runs `main(args)` here with its output held back until it calls
 * globalThis[EVALUATED]() (its evaluation is over: nothing it does after
 * can overflow, and it may write freely from then on). If it ends before
 * that, having run out of stack, it runs again with a large stack and
 * what it printed is dropped: until its evaluation is over it has changed
 * nothing the second run does not redo. Its exit code.
 */
async function runUntilEvaluated(args, main) {
  const kb = relaunchKb();
  if (kb === undefined || wantsHelp(args)) return main(args);
  const output = holdOutput();
  globalThis[EVALUATED] = output.release;
  let code;
  try {
    code = await main(args);
  } catch (e) {
    output.release();
    throw e;
  } finally {
    delete globalThis[EVALUATED];
  }
  if (code !== 0 && output.holding() && output.held.some(([s, t]) => s === process.stderr && OVERFLOW.test(t))) {
    output.drop();
    const again = await relaunch(args, kb);
    if (again !== undefined) return again;
  }
  output.release();
  return code;
}

module.exports = { runOnDemand, runOnOverflow, runUntilEvaluated };
