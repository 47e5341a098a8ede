/**
 * A clone of the repository in the guest, as a user has one after `git
 * clone`: the working tree's files — what `git ls-files --cached --others
 * --exclude-standard` lists, so uncommitted edits and new files count, and
 * nothing ignored (no node_modules, no dist) — copied through the guest's
 * overlay from the host, then owned by the user inside the guest. No .git:
 * nothing the project does may need it.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Container } from "./container.ts";
import { REPO } from "./project.ts";

/** The working tree's files, relative to the repository (existing ones: a file deleted but still in the index is not copied). */
export function workingTreeFiles(repo: string = REPO): string[] {
  const out = execFileSync("git", ["-C", repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8", maxBuffer: 64 << 20 });
  const files = [...new Set(out.split("\0").filter((f) => f !== ""))];
  return files.filter((f) => !/^(node_modules|dist)(\/|$)/.test(f) && exists(join(repo, f))).sort();
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts a clone at `dest` in the running guest (whose parent must exist),
 * owned by `user` (and their primary group). Returns the number of files.
 */
export async function cloneInto(c: Container, dest: string, user: string): Promise<number> {
  const files = workingTreeFiles();
  const hostDest = c.hostPath(dest);
  mkdirSync(hostDest);
  for (const f of files) {
    const from = join(REPO, f);
    const to = join(hostDest, f);
    mkdirSync(dirname(to), { recursive: true });
    try {
      const st = lstatSync(from);
      if (st.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
      else if (st.isFile()) {
        copyFileSync(from, to);
        chmodSync(to, st.mode & 0o111 ? 0o755 : 0o644);
      }
    } catch (e) {
      // Others edit the tree meanwhile: a file deleted since it was listed is not part of the clone.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  const r = await c.run(`chown -R --no-dereference '${user}:' '${dest}' && chmod -R u+rwX,go+rX '${dest}'`);
  if (r.code !== 0) throw new Error(`Cannot give ${dest} to ${user}:\n${r.stdout}${r.stderr}`);
  return files.length;
}
