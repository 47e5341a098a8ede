/**
 * Asks for a password once, as rpassword does for upstream's
 * --ask-sudo-password: the prompt on the terminal (/dev/tty), the answer
 * read there with echo off (stty), then echo restored. Without a
 * controlling terminal (a script, a pipe), the first line of stdin is the
 * password, as `sudo -S` takes it.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { UserError } from "../diagnostics/user-error.ts";

/** Reads up to a newline from `fd` (not included); null at end of input before any. */
function readLine(fd: number): string | null {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, 1, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      throw e;
    }
    if (n === 0) return chunks.length === 0 ? null : Buffer.concat(chunks).toString("utf8");
    if (buf[0] === 0x0a) return Buffer.concat(chunks).toString("utf8").replace(/\r$/, "");
    chunks.push(Buffer.from(buf));
  }
}

function openTty(): number | null {
  try {
    return openSync("/dev/tty", "r+");
  } catch {
    return null;
  }
}

export function askPassword(prompt: string): string {
  const tty = openTty();
  if (tty === null) {
    const line = readLine(0);
    if (line === null) throw new UserError("Cannot read the sudo password: there is no terminal to ask on, and stdin is empty");
    return line;
  }
  const stty = (arg: string) => spawnSync("stty", [arg], { stdio: [tty, "ignore", "ignore"] });
  try {
    writeSync(tty, prompt);
    stty("-echo");
    const line = readLine(tty);
    if (line === null) throw new UserError("Cannot read the sudo password: the terminal closed");
    return line;
  } finally {
    stty("echo");
    writeSync(tty, "\n");
    closeSync(tty);
  }
}
