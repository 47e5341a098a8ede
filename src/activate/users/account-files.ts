/**
 * The account files (/etc/passwd, group, shadow, gshadow) as lists of
 * lines. Lines we understand are parsed into fields; every other line
 * (comments, NIS `+`/`-` lines, unknown formats) is kept verbatim and in
 * place. Entries are keyed by name, never by id, so duplicate ids already
 * in a file (root and toor at uid 0) are preserved, not collapsed.
 * A file that is not valid UTF-8 or holds a NUL byte is refused: we never
 * rewrite what we cannot read exactly. A malformed line that still names
 * an account (`alice:x:5000`, too few fields, a non-numeric id) is kept
 * verbatim but remembered by name and id, so the planner refuses to add a
 * second entry for that name (as pwck reports such a line) and no id it
 * holds is given out again. A last line without a newline is one line.
 */
import { UserError } from "../../diagnostics/user-error.ts";

export type AccountFileName = "passwd" | "group" | "shadow" | "gshadow";

export const FIELD_COUNT: Readonly<Record<AccountFileName, number>> = { passwd: 7, group: 4, shadow: 9, gshadow: 4 };

export type Line =
  | { readonly kind: "entry"; readonly name: string; readonly fields: readonly string[] }
  /** Any other line; `name` (and `id`) when it is a malformed line of an account, its 1-based `line` number. */
  | { readonly kind: "opaque"; readonly text: string; readonly name?: string; readonly id?: number; readonly line?: number };

export interface AccountFile {
  readonly name: AccountFileName;
  readonly lines: readonly Line[];
}

const ID_FIELD: Partial<Record<AccountFileName, number>> = { passwd: 2, group: 2 };

export function parseAccountFile(name: AccountFileName, path: string, data: Buffer | undefined): AccountFile {
  if (data === undefined) return { name, lines: [] };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    const at = firstInvalidByte(data);
    throw new UserError(`Cannot read ${path}: it is not valid UTF-8 (byte 0x${data[at]?.toString(16)} at offset ${at}); system-manager does not rewrite a file it cannot read exactly`);
  }
  if (text.includes("\0")) throw new UserError(`Cannot read ${path}: it contains a NUL byte; system-manager does not rewrite a file it cannot read exactly`);
  const raw = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text === "" ? [] : text.split("\n");
  const lines = raw.map((t, i): Line => {
    const fields = t.split(":");
    const idField = ID_FIELD[name];
    const ok =
      fields.length === FIELD_COUNT[name] &&
      /^[^\s+\-#][^\s]*$/.test(fields[0] as string) &&
      (idField === undefined || /^(0|[1-9][0-9]{0,9})$/.test(fields[idField] as string)) &&
      (name !== "passwd" || /^(0|[1-9][0-9]{0,9})$/.test(fields[3] as string));
    return ok ? { kind: "entry", name: fields[0] as string, fields } : malformed(name, t, fields, i + 1);
  });
  return { name, lines };
}

/** A line that is not an entry: a comment, blank or NIS line, or a malformed entry of the account it names. */
function malformed(file: AccountFileName, text: string, fields: readonly string[], line: number): Line {
  const name = (fields[0] as string).trim();
  if (name === "" || /^[#+-]/.test(text.trimStart())) return { kind: "opaque", text };
  const id = ID_FIELD[file] === undefined ? undefined : /^\s*\+?[0-9]{1,10}\s*$/.test(fields[ID_FIELD[file] as number] ?? "") ? Number(fields[ID_FIELD[file] as number]) : undefined;
  return { kind: "opaque", text, name, line, ...(id === undefined ? {} : { id }) };
}

/** The malformed line naming `name`, if the file has one. */
export function findMalformed(f: AccountFile, name: string): { line: number; text: string } | undefined {
  for (const l of f.lines) if (l.kind === "opaque" && l.name === name) return { line: l.line as number, text: l.text };
  return undefined;
}

/** Byte offset of the first byte that is not valid UTF-8. */
function firstInvalidByte(data: Buffer): number {
  const lossy = new TextDecoder("utf-8").decode(data);
  const i = lossy.indexOf("\uFFFD");
  return i < 0 ? 0 : Buffer.byteLength(lossy.slice(0, i));
}

export function renderAccountFile(f: AccountFile): string {
  return f.lines.map((l) => (l.kind === "entry" ? l.fields.join(":") : l.text)).map((l) => l + "\n").join("");
}

export function findEntry(f: AccountFile, name: string): readonly string[] | undefined {
  for (const l of f.lines) if (l.kind === "entry" && l.name === name) return l.fields;
  return undefined;
}

/** Replaces the first entry named `name`, or inserts a new one before the first NIS line (else at the end). */
export function upsertEntry(f: AccountFile, fields: readonly string[]): AccountFile {
  const name = fields[0] as string;
  const i = f.lines.findIndex((l) => l.kind === "entry" && l.name === name);
  const lines = [...f.lines];
  if (i >= 0) {
    lines[i] = { kind: "entry", name, fields };
  } else {
    const nis = lines.findIndex((l) => l.kind === "opaque" && /^[+-]/.test(l.text));
    lines.splice(nis >= 0 ? nis : lines.length, 0, { kind: "entry", name, fields });
  }
  return { name: f.name, lines };
}

/** Numeric ids used by entries of a passwd or group file, and by its malformed lines that show one. */
export function usedIds(f: AccountFile): Set<number> {
  const ids = new Set<number>();
  for (const l of f.lines) {
    if (l.kind === "entry") ids.add(Number(l.fields[2]));
    else if (l.id !== undefined) ids.add(l.id);
  }
  return ids;
}

/** The name of the account (entry or malformed line) holding id `id`, if any. */
export function idOwner(f: AccountFile, id: number): string | undefined {
  for (const l of f.lines) {
    if (l.kind === "entry" && Number(l.fields[2]) === id) return l.name;
    if (l.kind === "opaque" && l.id === id) return l.name;
  }
  return undefined;
}
