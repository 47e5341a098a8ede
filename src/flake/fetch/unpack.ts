/**
 * Unpacks a downloaded archive (tar, gzip, xz, bzip2, zstd: the system's
 * tar recognises them) and returns its one top-level directory, which
 * Nix strips ("tarball '…' contains an unexpected number of top-level
 * files" otherwise). Owners are not kept; modes and mtimes are (the top
 * directory's mtime is what Nix reports as lastModified).
 */
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FetchError } from "./fetch-error.ts";

export function unpackArchive(file: string, into: string, url: string): { top: string; lastModified: number } {
  mkdirSync(into);
  try {
    execFileSync("tar", ["-x", "--no-same-owner", "--delay-directory-restore", "-f", file, "-C", into], { stdio: ["ignore", "ignore", "pipe"] });
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
