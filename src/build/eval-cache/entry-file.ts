/**
 * An evaluation cache entry's text: its JSON on the first line, without
 * its closure, then the closure's store entry names, one a line (a store
 * name holds no newline). A hit whose closure the store is known to hold
 * (closure-seen.ts) reads and parses the first line alone: a 10,000-file
 * home's entry is a few kilobytes to read then, not its 450 KB of names
 * (about 8 ms a parse, and 10,000 strings for the collector, in every
 * no-op switch, and as much again for each entry looked at when the
 * configuration changed). The names are read when asked for.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from "node:fs";

/** The text of an entry whose first line is `head` (JSON-serialisable) and whose closure is `closure`. */
export function entryText(head: unknown, closure: readonly string[]): string {
  let text = `${JSON.stringify(head)}\n`;
  for (const name of closure) text += `${name}\n`;
  return text;
}

/** The store names of an entry's text after its first line, or undefined when that part is not whole (a name empty or cut short). */
export function closureOfText(text: string): string[] | undefined {
  const start = text.indexOf("\n") + 1;
  if (start === 0) return undefined;
  if (text.length === start) return [];
  if (!text.endsWith("\n")) return undefined;
  const names = text.slice(start, -1).split("\n");
  return names.includes("") ? undefined : names;
}

/** What is read of an entry's file: its first line parsed, and its closure when asked for. */
export interface EntryFile {
  readonly head: unknown;
  /** The closure, read from the file when first asked for; undefined when that part cannot be read or is not whole. */
  closure(): readonly string[] | undefined;
}

const CHUNK = 16 * 1024;

/**
 * Reads the first line of the entry file at `file` (not followed when a
 * link, not waited on when a FIFO) and parses it, once `untrusted` (given the open file's status)
 * finds nothing against it; undefined when it says why not, or the line
 * does not parse. Throws what opening and reading throw.
 */
export function readEntryFile(file: string, untrusted: (st: Stats) => string | undefined): EntryFile | undefined {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  let line: string | undefined;
  try {
    if (untrusted(fstatSync(fd)) !== undefined) return undefined;
    line = firstLine(fd);
  } finally {
    closeSync(fd);
  }
  if (line === undefined) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(line);
  } catch {
    return undefined;
  }
  let closure: readonly string[] | undefined | null = null;
  return {
    head,
    closure: () => {
      if (closure !== null) return closure;
      try {
        const again = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
        let text: string;
        try {
          text = readFileSync(again, "utf8");
        } finally {
          closeSync(again);
        }
        // The same entry still (a write for the same generation may have replaced it since): else no closure is known.
        closure = text.startsWith(`${line}\n`) ? closureOfText(text) : undefined;
      } catch {
        closure = undefined;
      }
      return closure;
    },
  };
}

/** The file's text up to its first newline (a file that has none has no whole first line: undefined). */
function firstLine(fd: number): string | undefined {
  const chunks: Buffer[] = [];
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) return undefined;
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl >= 0) {
      chunks.push(buf.subarray(0, nl));
      return Buffer.concat(chunks).toString("utf8");
    }
    chunks.push(buf.subarray(0, n));
  }
}
