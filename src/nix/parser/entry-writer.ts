/**
 * How the parse cache (parse-cache.ts) writes its entries: each to a
 * temporary name beside it, then renamed into place, so a reader sees a
 * whole entry or none. `syncEntryWriter` writes at once, on the calling
 * thread. `backgroundEntryWriter` (what the CLI uses) writes the first
 * few at once too, then hands the rest to a thread of its own: a cold
 * evaluation of the real home-manager parses some 760 files, and creating
 * as many files on the evaluating thread cost it 0.8 s on a slow disk,
 * which the writing thread now spends beside the evaluation.
 * `settleEntryWrites` waits (blocking: it may be called where the event
 * loop no longer turns) until every entry handed over is written or has
 * failed; it runs when the thread exits, and whoever may stop the thread
 * without that (a worker terminated once its result is taken) calls it
 * first. A write that fails (read-only, full) is dropped, as any cache
 * write: the next run parses that file again. The writing thread never
 * keeps the process alive; a process killed while it writes leaves at most
 * a temporary file, as one killed while writing itself would.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

export interface EntryWriter {
  /** Writes `data` as the file `entry` (whose directory exists), whole or not at all; may throw when it writes at once. */
  write(entry: string, data: string): void;
}

/** Writes `data` to `entry` through a temporary name (the pid's: two processes never share one). */
export function writeEntry(entry: string, data: string): void {
  const tmp = `${entry}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, entry);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export const syncEntryWriter: EntryWriter = { write: writeEntry };

/** Entries written at once before a thread is started: a few misses cost less than starting one. */
const AT_ONCE = 8;
/** How long settling waits for a thread that writes nothing more before giving up (a hung disk: the cache only misses). */
const STALL_MS = 5000;

// The writing thread: each message is [entry, data], written as writeEntry does; counts[0] counts the messages done.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const { renameSync, rmSync, writeFileSync } = require("node:fs");
const counts = new Int32Array(workerData.counts);
parentPort.on("message", ([entry, data]) => {
  const tmp = entry + "." + process.pid + ".tmp";
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, entry);
  } catch {
    try { rmSync(tmp, { force: true }); } catch {}
  }
  Atomics.add(counts, 0, 1);
  Atomics.notify(counts, 0);
});
`;

interface Thread {
  readonly post: (entry: string, data: string) => void;
  readonly counts: Int32Array;
  posted: number;
}

let thread: Thread | undefined;
let writtenAtOnce = 0;

function startThread(): Thread | undefined {
  try {
    const counts = new Int32Array(new SharedArrayBuffer(4));
    // Without the process's flags (--input-type=module would make this script a module; a loader is of no use to it).
    const worker = new Worker(THREAD, { eval: true, execArgv: [], workerData: { counts: counts.buffer } });
    worker.unref();
    worker.on("error", () => {});
    const t: Thread = { post: (entry, data) => worker.postMessage([entry, data]), counts, posted: 0 };
    process.once("exit", settleEntryWrites);
    return t;
  } catch {
    return undefined;
  }
}

/** The CLI's writer: at once for the first few entries of this thread, then on a thread of its own. */
export function backgroundEntryWriter(): EntryWriter {
  return {
    write(entry, data) {
      if (thread === undefined && writtenAtOnce < AT_ONCE) {
        writtenAtOnce++;
        return writeEntry(entry, data);
      }
      thread ??= startThread();
      if (thread === undefined) return writeEntry(entry, data);
      thread.posted++;
      thread.post(entry, data);
    },
  };
}

/** Blocks until every entry handed to the writing thread is written (or failed); returns at once when none is pending. */
export function settleEntryWrites(): void {
  const t = thread;
  if (t === undefined) return;
  let done = Atomics.load(t.counts, 0);
  let stalledSince: number | undefined;
  while (done < t.posted) {
    Atomics.wait(t.counts, 0, done, 250);
    const now = Atomics.load(t.counts, 0);
    if (now !== done) stalledSince = undefined;
    else if ((stalledSince ??= Date.now()) + STALL_MS < Date.now()) return;
    done = now;
  }
}
