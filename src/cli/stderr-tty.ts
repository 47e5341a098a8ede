/**
 * Whether a command's stderr is a terminal, so that progress may draw on
 * it: the process's own stderr when it is a TTY, or an Io whose stderr
 * passes its text on to one (a build's stderr teed into the evaluation
 * cache, a worker's stderr sent to the main thread), marked so.
 */
import { processIo, type Io } from "./io.ts";

/** Ios whose stderr passes its text on to a terminal's. */
const TTY_IOS = new WeakSet<Io>();

/** Marks `io`'s stderr as passing its text on to a terminal. */
export function markStderrTty(io: Io): void {
  TTY_IOS.add(io);
}

/** Whether progress may draw on `io`'s stderr (the real one, a terminal). */
export function stderrIsTty(io: Io): boolean {
  return (io.stderr === processIo.stderr && process.stderr.isTTY === true) || TTY_IOS.has(io);
}
