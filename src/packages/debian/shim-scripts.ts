/**
 * Debian's one-line shims: a program in /usr/bin that is a shell script
 * doing nothing but `exec /usr/lib/…/real "$@"` (p7zip-full's 7z and 7za
 * run /usr/lib/p7zip/7z). From the store the absolute path names the
 * host's file, which a host without the package lacks; the output's
 * bin/ entry is instead a wrapper running that file of the closure.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { shellQuote } from "../shell-quote.ts";

/** The absolute program a shim runs, or undefined for any other file. */
export function shimTarget(file: string): string | undefined {
  const buf = Buffer.alloc(256);
  const fd = openSync(file, "r");
  let text: string;
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n === buf.length) return undefined;
    text = buf.subarray(0, n).toString("latin1");
  } finally {
    closeSync(fd);
  }
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  if (!/^#!\s*\/bin\/(ba|da)?sh\s*$/.test(text.split("\n")[0] as string) || lines.length !== 1) return undefined;
  return /^exec\s+(\/usr\/(?:lib|libexec|share)\/[\w@%+=:,./-]+)\s+"\$@"$/.exec(lines[0] as string)?.[1];
}

/** The wrapper running `program` (a store path's file) in place of a shim, for `label`. */
export function shimWrapper(program: string, label: string): string {
  return ["#!/bin/sh", `# system-manager: runs ${label}'s program from the store, as its /usr/bin shim runs it from /usr.`, `exec ${shellQuote(program)} "$@"`, ""].join("\n");
}
