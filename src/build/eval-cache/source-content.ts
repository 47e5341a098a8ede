/**
 * The content fingerprint of a flake's own directory: what its `self` can
 * show without its files' times. Every entry's relative path and type, a
 * file's content and execute bit, a link's target (what narHash covers),
 * and in a git work tree HEAD, the ref it names and the index's entries
 * (mode, blob, path: which files git tracks, and with the contents whether
 * the tree is dirty; rev, revCount and lastModified follow from HEAD). A
 * tree saved again unchanged, touched, or checked out back has the same
 * one, where its stat fingerprint (source-fingerprint.ts) differs. Outside
 * git, `self.lastModified` is the newest mtime: an evaluation that read it
 * records that too (the "mtime" dependency), so it is not answered for a
 * touched tree. A tree of more than MAX_CONTENT_BYTES is "too-large": it
 * is not read whole on every evaluation, and never matches; one that
 * cannot be read never matches either.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { gitState, TOO_LARGE, walkSource } from "./source-fingerprint.ts";

export const MAX_CONTENT_BYTES = 16 * 1024 * 1024;

/** The content fingerprint of the tree at `dir` ("missing" when absent, TOO_LARGE beyond the bounds, `error:<code>` when unreadable). */
export function sourceContent(dir: string): string {
  if (!existsSync(dir)) return "missing";
  try {
    return contentOf(dir);
  } catch (e) {
    return `error:${(e as NodeJS.ErrnoException).code ?? "unknown"}`;
  }
}

function contentOf(dir: string): string {
  const h = createHash("sha256");
  let bytes = 0;
  const whole = walkSource(dir, (abs, rel, st) => {
    if (st === undefined) h.update(`${rel}\0missing\0`);
    else if (st.isDirectory()) h.update(`${rel}\0dir\0`);
    else if (st.isSymbolicLink()) h.update(`${rel}\0link\0${readlinkSync(abs)}\0`);
    else if (!st.isFile()) h.update(`${rel}\0other:${st.mode}\0`);
    else {
      bytes += Number(st.size);
      if (bytes > MAX_CONTENT_BYTES) return false;
      const content = readFileSync(abs);
      h.update(`${rel}\0file:${(st.mode & 0o111n) === 0n ? "-" : "x"}:${createHash("sha256").update(content).digest("hex")}\0`);
    }
    return true;
  });
  if (!whole) return TOO_LARGE;
  h.update(gitState(dir, true));
  return `content:${h.digest("hex")}`;
}
