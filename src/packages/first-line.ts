/** The first line of a file, from its first 128 bytes: enough for a script's `#!` line. */
import { closeSync, openSync, readSync } from "node:fs";

export function firstLine(file: string): string {
  const buf = Buffer.alloc(128);
  const fd = openSync(file, "r");
  try {
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString("latin1").split("\n")[0] as string;
  } finally {
    closeSync(fd);
  }
}
