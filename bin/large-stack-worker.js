// The worker that runs one export of a module with a large JavaScript stack (what
// src/cli/large-stack.ts's runWithLargeStack starts), here so that a launcher can start it
// before any bundle loads. A worker loads its module (and runs its `prepare` export, if it was
// given one, the moment it is loaded), then runs the export it was started with, or waits for
// the first message `{ name, args }` to name it; it posts `{ [RESULT]: { ok, value | error } }`
// and then ends at the caller's next message. A build or switch of a flake that will likely
// evaluate starts the worker that evaluates it at once (`prestart`, through ./build-ahead.js):
// the worker starts Node's thread and loads the whole CLI through the code cache
// (src/cli/cli-worker.ts's prepare) while this thread loads its own bundle and asks the
// evaluation cache. The build then takes it (takePrestarted) when its module and stack are the
// ones it needs. One nobody takes (the cache answered) is stopped once the build has its
// generation (dropPrestarted), so that its loading takes no processor time from the activation;
// it runs nothing but that loading, so it leaves nothing behind. Only with two processors or more: on
// one, the worker would take its time from this thread.
// CommonJS (bin/package.json), as the launchers are.
"use strict";

/** The key of the message carrying the export's result (any other message is the export's own). */
const RESULT = "system-manager.large-stack-result";
const PRESTARTED = Symbol.for("system-manager.prestarted-worker");

// After its result the worker waits for the caller: "end" lets it finish (exit handlers run); or it is terminated.
const BOOT = `
const { parentPort, workerData } = require("node:worker_threads");
const done = (result) => {
  parentPort.once("message", () => parentPort.close());
  parentPort.postMessage({ ${JSON.stringify(RESULT)}: result });
};
const loaded = (workerData.tsx ? import(workerData.tsx).then((t) => t.register()) : Promise.resolve())
  .then(() => (/^file:.*[.]cjs$/.test(workerData.module) ? require(require("node:url").fileURLToPath(workerData.module)) : import(workerData.module)))
  .then((m) => (workerData.prepare === undefined ? m : Promise.resolve().then(() => m[workerData.prepare]()).then(() => m, () => m)));
// A module that fails to load fails the call, once there is one.
loaded.catch(() => {});
const call = ({ name, args }) => loaded
  .then((m) => m[name](...args))
  .then((value) => done({ ok: true, value }),
        (e) => done({ ok: false, error: { name: e?.name, message: String(e?.message ?? e), location: e?.location, context: e?.context, stack: e?.stack } }));
if (workerData.call !== undefined) call(workerData.call);
else parentPort.once("message", call);
`;

/**
 * Starts a worker with `stackMb` MiB of stack running `url`'s export `call.name` with
 * `call.args`; without `call`, it waits for a message naming them. `tsx`: tsx's ESM API, for a
 * TypeScript module; `prepare`: an export run as soon as the module is loaded.
 */
function startWorker(url, stackMb, call, tsx, prepare) {
  const { Worker } = require("node:worker_threads");
  return new Worker(BOOT, { eval: true, workerData: { module: url, call, tsx, prepare }, resourceLimits: { stackSizeMb: stackMb } });
}

/** Whether this machine has a second processor for a worker started ahead of need. */
function spareProcessor() {
  const os = require("node:os");
  return (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length) > 1;
}

/** Starts a worker for `url` with `stackMb` ahead of its call, which takePrestarted hands out once; false when there is no processor to spare. */
function prestart(url, stackMb, prepare) {
  if (!spareProcessor()) return false;
  const worker = startWorker(url, stackMb, undefined, undefined, prepare);
  const entry = { url, stackMb, worker, exited: false };
  // It keeps the process alive only once taken; a failure of its own shows in its call.
  worker.unref();
  worker.on("error", () => {});
  worker.once("exit", () => {
    entry.exited = true;
  });
  globalThis[PRESTARTED] = entry;
  return true;
}

/** The worker prestart started, for its first call: undefined when there is none, it ended, or it runs another module or stack (then it is stopped). */
function takePrestarted(url, stackMb) {
  const entry = globalThis[PRESTARTED];
  if (entry === undefined) return undefined;
  globalThis[PRESTARTED] = undefined;
  if (entry.exited || entry.url !== url || entry.stackMb !== stackMb) {
    void entry.worker.terminate();
    return undefined;
  }
  entry.worker.ref();
  return entry.worker;
}

/** Stops the worker prestart started when nobody took it (the evaluation cache answered the build). */
function dropPrestarted() {
  const entry = globalThis[PRESTARTED];
  if (entry === undefined) return;
  globalThis[PRESTARTED] = undefined;
  if (!entry.exited) void entry.worker.terminate();
}

module.exports = { RESULT, startWorker, prestart, takePrestarted, dropPrestarted };
