/**
 * Who owns a store temporary (`.tmp-*`, a path being written): its name
 * carries the writer's pid and the start time the kernel gives that
 * process (/proc/<pid>/stat), so gc can tell a temporary a live build is
 * writing from one a dead build left, without judging by the clock. A pid
 * reused by another process has another start time, so it does not keep
 * a dead writer's temporary alive. Without /proc (a chroot) a writer's
 * start time is recorded as 0 and nobody can tell: such a temporary's
 * writer is unknown, as it is for names made before writers were recorded.
 * The same owner id names a process's temporary GC roots (temp-roots.ts).
 */
import { readFileSync } from "node:fs";
import { TMP_PREFIX } from "./store-path.ts";

/** Field 22 of /proc/<pid>/stat (clock ticks since boot), or undefined when there is no such process. */
function processStartTime(pid: number | "self"): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // A zombie (killed, not yet reaped by its parent or init) writes nothing more: it is no longer there.
  if (/^[ZX]/.test(fields[0] ?? "")) return undefined;
  return fields[19];
}

/** This process's start time, read once ("0" without /proc). */
let ownStart: string | undefined;
function ownStartTime(): string {
  ownStart ??= processStartTime("self") ?? "0";
  return ownStart;
}

/** This process as an owner of store files: `<pid>.<start time>`. */
export function ownerId(): string {
  return `${process.pid}.${ownStartTime()}`;
}

/**
 * Whether the process an owner id names is alive: undefined when the id
 * does not say (no /proc where it was made) or this process cannot tell.
 */
export function ownerAlive(id: string): boolean | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(id);
  if (m === null || m[2] === "0" || ownStartTime() === "0") return undefined;
  return processStartTime(Number(m[1])) === m[2];
}

/** The prefix of this process's temporaries: `.tmp-<pid>.<start time>-`. */
export function tmpPrefix(): string {
  return `${TMP_PREFIX}${ownerId()}-`;
}

const OWNED = /^\.tmp-(\d+\.\d+)-/;

/**
 * Whether the writer of the store temporary `name` is alive: true or false
 * when the name says who wrote it, undefined when it does not (a name
 * written before writers were recorded, or where there was no /proc) or
 * this process cannot tell (it has no /proc).
 */
export function tmpWriterAlive(name: string): boolean | undefined {
  const m = OWNED.exec(name);
  return m === null ? undefined : ownerAlive(m[1] as string);
}
