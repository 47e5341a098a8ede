/**
 * Unpacks a downloaded archive (tar, gzip, xz, bzip2, zstd: the system's
 * tar recognises them; zip with unzip) and returns its one top-level directory, which
 * Nix strips ("tarball '…' contains an unexpected number of top-level
 * files" otherwise). Owners are not kept; modes and mtimes are (the top
 * directory's mtime is what Nix reports as lastModified).
 */
import { execFileSync } from "node:child_process";
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { FetchError } from "./fetch-error.ts";

export function unpackArchive(file: string, into: string, url: string): { top: string; lastModified: number } {
  mkdirSync(into);
  const magic = Buffer.alloc(4);
  const fd = openSync(file, "r");
  readSync(fd, magic, 0, 4, 0);
  closeSync(fd);
  const zip = magic.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  try {
    if (zip) execFileSync("unzip", ["-q", file, "-d", into], { stdio: ["ignore", "ignore", "pipe"] });
    else execFileSync("tar", ["-x", "--no-same-owner", "--delay-directory-restore", "-f", file, "-C", into], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const err = String((e as { stderr?: Buffer }).stderr ?? "").trim();
    throw new FetchError(`unable to unpack '${url}': ${err || (e as Error).message}`);
  }
  const members = readdirSync(into);
  if (members.length !== 1) throw new FetchError(`tarball '${url}' contains an unexpected number of top-level files`);
  const top = join(into, members[0] as string);
  const st = lstatSync(top);
  if (!st.isDirectory()) throw new FetchError(`tarball '${url}' contains an unexpected number of top-level files`);
  return { top, lastModified: Math.floor(st.mtimeMs / 1000) };
}
