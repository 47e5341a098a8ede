/**
 * What a home activation checks before its first write, so that a home it
 * cannot write leaves nothing half done: the home is there and ours to
 * enter, and every directory it will write in (or the nearest existing one
 * above a directory it will create) is writable by this process. A filesystem
 * fault met later anyway (a disk filling up) is reported with the path as
 * the home's owner knows it, not as this process reaches it.
 */
import { accessSync, constants } from "node:fs";
import { posix } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import { FAULT_REASONS } from "../../cli/render-error.ts";
import type { Entry, RootFs } from "../root-fs.ts";

const why = (e: unknown): string => FAULT_REASONS[(e as NodeJS.ErrnoException).code ?? ""] ?? (e as Error).message;

/** Who owns a directory we may not write in, when that is not us (the likely reason). */
function owner(e: { uid: number; mode: number }): string {
  const me = process.getuid?.();
  return me === undefined || me === e.uid ? "" : ` (it belongs to uid ${e.uid}, mode ${e.mode.toString(8).padStart(4, "0")}, and this runs as uid ${me})`;
}

/** The home directory must be there and ours to enter (it may be someone else's); where we write is checked by unwritableDirs. */
export function checkHome(home: RootFs, display: string, user: string): void {
  const e = home.entry("/");
  if (e.kind !== "dir") throw new UserError(`Cannot activate the home of ${user}: ${display} ${e.kind === "absent" ? "does not exist" : "is not a directory"}`);
  try {
    accessSync(home.root, constants.X_OK);
  } catch (err) {
    throw new UserError(`Cannot activate the home of ${user}: cannot enter ${display}: ${why(err)}${owner(e)}`);
  }
}

/**
 * Problems writing in each of `dirs` (relative to the home, "" for the
 * home): the directory, or the nearest existing one above it, must be a
 * writable directory. Paths in `gone` (links cleanup removes first) and
 * what lies below them count as absent.
 */
export function unwritableDirs(home: RootFs, display: string, dirs: Iterable<string>, gone: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const done = new Set<string>();
  for (const dir of dirs) {
    let cur = dir;
    for (;;) {
      if (done.has(cur)) break;
      done.add(cur);
      let e: Entry;
      try {
        const parts = cur.split("/");
        const removed = cur !== "" && parts.some((_, i) => gone.has(parts.slice(0, i + 1).join("/")));
        e = removed ? { kind: "absent" } : home.entry(cur === "" ? "/" : "/" + cur);
      } catch (err) {
        // RootFs names paths from the home's root ('/x'): name them from the home directory.
        if (err instanceof UserError) problems.push(`Cannot create directory '${display}/${dir}': ${err.message.replace(/^Cannot manage '[^']*': /, "").replaceAll("'/", `'${display}/`)}`);
        else problems.push(`Cannot write in '${display}/${cur}': ${why(err)}`);
        break;
      }
      if (e.kind === "absent") {
        cur = cur.includes("/") ? posix.dirname(cur) : "";
        continue;
      }
      const shown = cur === "" ? display : `${display}/${cur}`;
      if (e.kind !== "dir") problems.push(`Cannot create directory '${display}/${dir}': '${shown}' is not a directory`);
      else {
        try {
          accessSync(home.hostPath(cur === "" ? "/" : "/" + cur), constants.W_OK | constants.X_OK);
        } catch (err) {
          problems.push(`Cannot write in '${shown}': ${why(err)}${owner(e)}`);
        }
      }
      break;
    }
  }
  return problems;
}

/** A filesystem error with its paths as the user knows them (the home directory instead of how this process reaches it). */
export function inHome(e: unknown, hostHome: string, display: string): unknown {
  if (!(e instanceof Error) || !("code" in e)) return e;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const fix = (p: string | undefined) => (p !== undefined && (p === hostHome || p.startsWith(hostHome + "/")) ? display + p.slice(hostHome.length) : p);
  err.path = fix(err.path);
  if (err.dest !== undefined) err.dest = fix(err.dest);
  return err;
}
