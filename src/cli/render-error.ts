/**
 * The one renderer for errors: a user error becomes "error: message", its
 * location with a code frame, and its "… while" context frames; several
 * collected errors are rendered one after the other. A fault of the
 * machine rather than of the program (a full disk, a read-only or
 * immutable file, a permission refused) is a user error too: it is named
 * with its path and why, never shown as a bug. As Nix's, a user error's
 * ANSI escapes (a coloured `throw` message) are removed unless stderr is a
 * terminal (./ansi-shown.ts).
 */
import { readFileSync } from "node:fs";
import { codeFrame } from "../diagnostics/code-frame.ts";
import { showSpan } from "../diagnostics/location.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { RenderedError } from "./rendered-error.ts";
import { forStderr } from "./ansi-shown.ts";

/** A user error as "error: …" (or another label: "warning"), later lines indented under the message. */
export function renderUserError(e: UserError, readFile: (path: string) => string = (p) => readFileSync(p, "utf8"), label = "error"): string {
  if (e instanceof UserErrors) return e.errors.map((x) => renderUserError(x, readFile, label)).join("\n\n");
  const INDENT = " ".repeat(label.length + 2);
  const indent = (text: string): string => text.split("\n").join("\n" + INDENT);
  const parts = [`${label}: ${indent(e.message.replace(/^\n/, ""))}`];
  if (e.location !== undefined) {
    parts.push(`${INDENT}at ${showSpan(e.location)}:`);
    if (e.location.line > 0) {
      let frame = "";
      try {
        frame = codeFrame(readFile(e.location.file), e.location.line, e.location.column);
      } catch {
        frame = "";
      }
      if (frame !== "") parts.push(INDENT + indent(frame));
    }
  }
  for (const line of contextLines(e.context)) parts.push(`${INDENT}${line}`);
  return parts.join("\n");
}

/**
 * The "… while" frames as Nix prints them: a frame seen before is skipped,
 * and a run of more than five skipped frames is summarised as
 * "(N duplicate frames omitted)" (a few are printed as they are).
 */
function contextLines(context: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let skipped: string[] = [];
  const flush = (): void => {
    if (skipped.length > 5) out.push(`(${skipped.length} duplicate frames omitted)`);
    else for (const c of skipped) out.push(`… ${c}`);
    skipped = [];
  };
  for (const c of context) {
    if (seen.has(c)) {
      skipped.push(c);
      continue;
    }
    flush();
    seen.add(c);
    out.push(`… ${c}`);
  }
  flush();
  return out;
}

export function renderBug(e: unknown): string {
  const stack = e instanceof Error ? (e.stack ?? String(e)) : String(e);
  return `error: internal error (this is a bug in system-manager; please report it with the output below)\n${stack}`;
}

/**
 * The errno codes that are the machine's state, not a bug: what each means.
 * Something of the wrong kind in a path's way (a file where a directory
 * goes, a loop of links) or a name the file system refuses is too: the
 * checks before writing catch the usual places, and this is the net for the
 * rest. A missing file (ENOENT) stays a bug: what we read, we made.
 */
export const FAULT_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EPERM: "operation not permitted",
  EACCES: "permission denied",
  ETXTBSY: "text file busy",
  ENOTDIR: "a component of the path is not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
};

const VERBS: Readonly<Record<string, string>> = {
  mkdir: "create directory",
  mkdtemp: "create directory",
  rmdir: "remove directory",
  unlink: "remove",
  rm: "remove",
  scandir: "read directory",
  opendir: "read directory",
  lstat: "look at",
  stat: "look at",
  access: "access",
  read: "read",
  readlink: "read link",
  open: "open",
  copyfile: "copy",
  cp: "copy",
};

type ErrnoError = Error & { code: string; syscall?: string; path?: string; dest?: string };

/** A temporary written beside its destination (`.#name.XXXXXXXXXXXX`, see RootFs) stands for the destination. */
const TEMP = /^(.*\/)?\.#(.+)\.[0-9a-f]{12}$/;
const shown = (p: string): string => p.replace(TEMP, "$1$2");

/** A user error for a filesystem fault (ENOSPC, EROFS, EPERM, EACCES, …, or a working directory that is gone), naming the path; undefined for anything else. */
export function faultError(e: unknown): UserError | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, syscall, path, dest } = e as ErrnoError;
  // The working directory, removed while in use (Nix: "getting current directory").
  if (syscall === "uv_cwd") return new UserError(`Cannot use the current directory: ${code === "ENOENT" ? "it no longer exists" : (FAULT_REASONS[code] ?? e.message)}; run the command from a directory that exists`);
  const why = typeof code === "string" ? FAULT_REASONS[code] : undefined;
  if (why === undefined || (syscall === undefined && path === undefined)) return undefined;
  if ((syscall === "rename" || syscall === "link") && path !== undefined && dest !== undefined) {
    return new UserError(TEMP.test(path) ? `Cannot replace ${dest}: ${why}` : `Cannot move ${path} to ${dest}: ${why}`);
  }
  // symlink(target, path): Node reports the link's own path as dest.
  if (syscall === "symlink") return new UserError(`Cannot create link ${shown(dest ?? path ?? "")}: ${why}`);
  if (path !== undefined && TEMP.test(path)) return new UserError(`Cannot write ${shown(path)}: ${why}`);
  return new UserError(`Cannot ${VERBS[syscall ?? ""] ?? "write"} ${path ?? "a file"}: ${why}`);
}

/** The one top-level handler: a user error exits 1 with its message (escapes removed when stderr is no terminal); anything else is a bug (exit 70, with its stack). One a worker rendered is printed as it rendered it. */
export function handleCliError(e: unknown, stderr: (text: string) => void): number {
  if (e instanceof RenderedError) {
    stderr(e.text);
    return e.exitCode;
  }
  const user = e instanceof UserError ? e : faultError(e);
  if (user !== undefined) {
    stderr(forStderr(renderUserError(user)) + "\n");
    return 1;
  }
  stderr(renderBug(e) + "\n");
  return 70;
}
