/**
 * The one renderer for errors: a user error becomes "error: message", its
 * location with a code frame, and its "… while" context frames; several
 * collected errors are rendered one after the other.
 */
import { readFileSync } from "node:fs";
import { codeFrame } from "../diagnostics/code-frame.ts";
import { showSpan } from "../diagnostics/location.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";

const INDENT = "       ";

function indent(text: string): string {
  return text.split("\n").join("\n" + INDENT);
}

export function renderUserError(e: UserError, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): string {
  if (e instanceof UserErrors) return e.errors.map((x) => renderUserError(x, readFile)).join("\n\n");
  const parts = [`error: ${indent(e.message.replace(/^\n/, ""))}`];
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
  for (const c of e.context) parts.push(`${INDENT}… ${c}`);
  return parts.join("\n");
}

export function renderBug(e: unknown): string {
  const stack = e instanceof Error ? (e.stack ?? String(e)) : String(e);
  return `error: internal error (this is a bug in system-manager; please report it with the output below)\n${stack}`;
}

/** The one top-level handler: a user error exits 1 with its message; anything else is a bug (exit 70, with its stack). */
export function handleCliError(e: unknown, stderr: (text: string) => void): number {
  if (e instanceof UserError) {
    stderr(renderUserError(e) + "\n");
    return 1;
  }
  stderr(renderBug(e) + "\n");
  return 70;
}
