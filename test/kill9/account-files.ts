/**
 * What the kill -9 harness asks of a root's account files at every moment
 * it looks: passwd, group, shadow and gshadow exist, end in a newline, have
 * the right number of fields on every line, and still hold every line the
 * host had before system-manager ran (the fixture's, byte for byte).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { debianGroup, debianGshadow, debianPasswd, debianShadow } from "../fixtures/debian12-etc.ts";

const FILES = [
  { path: "etc/passwd", fields: 7, before: debianPasswd },
  { path: "etc/group", fields: 4, before: debianGroup },
  { path: "etc/shadow", fields: 9, before: debianShadow },
  { path: "etc/gshadow", fields: 4, before: debianGshadow },
] as const;

const lines = (text: string) => text.split("\n").filter((l) => l !== "");

/** Every problem with the account files of `root`, as readable sentences; empty when all is well. */
export function accountProblems(root: string): string[] {
  const out: string[] = [];
  for (const f of FILES) {
    let text: string;
    try {
      text = readFileSync(join(root, f.path), "utf8");
    } catch (e) {
      out.push(`/${f.path} unreadable: ${(e as NodeJS.ErrnoException).code}`);
      continue;
    }
    if (text !== "" && !text.endsWith("\n")) out.push(`/${f.path} does not end in a newline`);
    for (const l of lines(text)) {
      if (!l.startsWith("#") && l.split(":").length !== f.fields) out.push(`/${f.path} has a malformed line: ${JSON.stringify(l)}`);
    }
    const have = new Set(lines(text));
    for (const l of lines(f.before)) if (!have.has(l)) out.push(`/${f.path} lost the line ${JSON.stringify(l)}`);
  }
  return out;
}
