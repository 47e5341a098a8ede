// Running `eval` with a large JavaScript stack when it needs one. The Nix
// evaluator recurses on the JavaScript stack, and V8's default limit on the
// main thread (under 1 MiB) allows about 1,500 nested Nix calls where Nix
// allows 10,000. A worker thread can be given a larger stack (its own,
// whatever the process's stack rlimit), but starting one costs more than
// an eval of a small expression, so eval runs here first with its output
// held back; only if it ran out of stack is it run again in a worker with
// a stack sized to the max-call-depth asked for (64 MiB for Nix's default
// 10,000; --max-call-depth N or --option max-call-depth N: stackMbFor, as
// src/nix/max-call-depth.ts computes it) (this launcher again, in the
// worker), and what the first run printed is dropped. The worker sends what it prints to this thread,
// in order, and its exit code last. (build and switch start their worker
// only once they know they must evaluate: src/cli/evaluate-in-worker.ts.)
// SYSTEM_MANAGER_LARGE_STACK set (by the worker, or by whoever started
// Node with --stack-size) runs the command here at once.
// CommonJS (bin/package.json), as the launchers are: they start without
// Node's ES module loader.
"use strict";

const MARK = "SYSTEM_MANAGER_LARGE_STACK";
/** The stack a worker evaluating with `maxCallDepth` is given: src/nix/max-call-depth.ts's stackMbFor (a test keeps them equal). */
function stackMbFor(maxCallDepth = 10000) {
  return Math.min(4096, Math.max(64, Math.ceil(24 + (maxCallDepth * 4096) / 1048576)));
}

/** The max-call-depth `args` ask for (the last given), or undefined; a value that is no count is left to the command to refuse. */
function maxCallDepthOf(args) {
  let depth;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    let value;
    if (a === "--max-call-depth") value = args[i + 1];
    else if (a.startsWith("--max-call-depth=")) value = a.slice("--max-call-depth=".length);
    else if (a === "--option" && args[i + 1] === "max-call-depth") value = args[i + 2];
    if (value !== undefined && /^[0-9]+$/.test(value)) depth = Number(value);
  }
  return depth;
}
const OVERFLOW = /^error: stack overflow; max-call-depth exceeded|RangeError: Maximum call stack size exceeded/m;

const wantsHelp = (args) => args.includes("--help") || args.includes("-h");
const text = (chunk) => (typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());

/** Replaces process.stderr.write with `write(text)` (what the evaluator writes itself: builtins.trace); returns the original. */
function divertStderr(write) {
  const original = process.stderr.write;
  process.stderr.write = (chunk, encoding, cb) => {
    write(text(chunk));
    (typeof encoding === "function" ? encoding : cb)?.();
    return true;
  };
  return original;
}

/** Runs this launcher again in a worker with a large stack, passing on what it prints; resolves to its exit code. */
function runInWorker(args) {
  const { Worker } = require("node:worker_threads");
  return new Promise((resolve, reject) => {
    const w = new Worker(process.argv[1], {
      argv: args,
      env: { ...process.env, [MARK]: "worker" },
      workerData: { [MARK]: true, tty: process.stderr.isTTY === true },
      resourceLimits: { stackSizeMb: stackMbFor(maxCallDepthOf(args)) },
    });
    // The worker then ends by itself: its exit handlers (temporary GC roots of a flake's inputs) run.
    w.on("message", ([fd, t]) => (fd === 0 ? resolve(t) : (fd === 1 ? process.stdout : process.stderr).write(t)));
    w.once("error", reject);
    w.once("exit", (code) => resolve(code));
  });
}

/** In the worker runInWorker started: runs `main` with its output sent to the parent thread, the exit code last. */
async function runForParent(args, main, worker) {
  const post = (fd) => (t) => worker.parentPort.postMessage([fd, t]);
  process.stderr.isTTY = worker.workerData.tty;
  divertStderr(post(2));
  const code = await main(args, { stdout: post(1), stderr: post(2), env: process.env, get cwd() { return process.cwd(); } });
  post(0)(code);
  return code;
}

/** Runs `main(args, io)` here with its output held back; runs it again in a worker with a large stack if it ran out. Its exit code. */
async function runOnOverflow(args, main) {
  if (process.env[MARK] !== undefined) {
    const worker = require("node:worker_threads");
    return worker.workerData?.[MARK] === true ? runForParent(args, main, worker) : main(args);
  }
  if (wantsHelp(args)) return main(args);
  const held = [];
  // The working directory is read when the command asks for it (one removed while in use is the command's user error).
  const io = { stdout: (t) => held.push([process.stdout, t]), stderr: (t) => held.push([process.stderr, t]), env: process.env, get cwd() { return process.cwd(); } };
  // What the evaluation writes to stderr itself (builtins.trace) is held back too, in order.
  const write = divertStderr((t) => held.push([process.stderr, t]));
  let code;
  try {
    code = await main(args, io);
  } finally {
    process.stderr.write = write;
  }
  if (code !== 0 && held.some(([s, t]) => s === process.stderr && OVERFLOW.test(t))) return runInWorker(args);
  for (const [stream, t] of held) stream.write(t);
  return code;
}

/**
 * Runs `main(args, io)` in a worker with a large stack at once (option and options: a whole
 * configuration's evaluation, which a TypeScript configuration's import() needs a bundle
 * without a code cache for, as the build's worker has). Its exit code.
 */
async function runWithLargeStack(args, main) {
  if (process.env[MARK] !== undefined) {
    const worker = require("node:worker_threads");
    return worker.workerData?.[MARK] === true ? runForParent(args, main, worker) : main(args);
  }
  if (wantsHelp(args)) return main(args);
  return runInWorker(args);
}

module.exports = { runOnOverflow, runWithLargeStack, stackMbFor, maxCallDepthOf };
