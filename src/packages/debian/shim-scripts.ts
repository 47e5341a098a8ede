/**
 * Debian's one-line shims: a program in /usr/bin that is a shell script
 * doing nothing but `exec /usr/lib/…/real "$@"` (p7zip-full's 7z and 7za
 * run /usr/lib/p7zip/7z), or another program of /usr/bin with fixed
 * arguments first (VLC's cvlc: `exec /usr/bin/vlc -I "dummy" "$@"`). From
 * the store the absolute path names the host's file, which a host without
 * the package lacks; the output's bin/ entry is instead a wrapper running
 * that file of the closure, or the output's own program of that name.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { shellQuote } from "../shell-quote.ts";

export interface ShimTarget {
  /** The absolute program it runs. */
  readonly program: string;
  /** The arguments it gives before the caller's. */
  readonly args: readonly string[];
}

/** A word of a shim's command: plain, or quoted with nothing the shell would expand. */
const WORD = String.raw`(?:[\w@%+=:,./-]+|"[^"$\x60\\]*"|'[^']*')`;
const SHIM = new RegExp(String.raw`^exec\s+(\/usr\/(?:lib|libexec|share|bin)\/[\w@%+=:,./-]+)((?:\s+${WORD})*)\s+"\$@"$`);

/** What a shim runs, or undefined for any other file. */
export function shimTarget(file: string): ShimTarget | undefined {
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
  const m = SHIM.exec(lines[0] as string);
  if (m === null) return undefined;
  const args = [...(m[2] as string).matchAll(new RegExp(WORD, "g"))].map((w) => w[0].replace(/^(["'])(.*)\1$/, "$2"));
  return { program: m[1] as string, args };
}

/** The wrapper running `program` (a store path's file) with `args` before the caller's in place of a shim, for `label`. */
export function shimWrapper(program: string, args: readonly string[], label: string): string {
  return ["#!/bin/sh", `# system-manager: runs ${label}'s program from the store, as its /usr/bin shim runs it from /usr.`, `exec ${[program, ...args].map(shellQuote).join(" ")} "$@"`, ""].join("\n");
}
