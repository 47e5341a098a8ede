/**
 * The steps of a home activation after its write boundary: cleanOldGen and
 * linkNewGen (linkGeneration), and running shell steps (onChange hooks,
 * the user's own) in the home with a $HOME they can use (script-home.ts).
 */
import { spawnSync } from "node:child_process";
import { posix } from "node:path";
import { UserError } from "../../diagnostics/user-error.ts";
import type { RootFs } from "../root-fs.ts";
import { dirOf, removeTemporaries } from "../temporaries.ts";
import type { HomePlan } from "./home-plan.ts";

/** cleanOldGen then linkNewGen, as one step; with `verbose` (the home as shown), each link removed and made told as `rm -v` and `ln -v` tell them. */
export function linkGeneration(home: RootFs, plan: HomePlan, log: (l: string) => void, verbose?: string): void {
  for (const s of plan.steps) {
    if (s.op !== "remove" && s.op !== "prune") continue;
    if (s.op === "remove") {
      home.unlink("/" + s.target);
      if (verbose !== undefined) log(`removed '${verbose}/${s.target}'`);
    }
    for (const dir of ancestorsOf(s.target).reverse()) if (!rmdirIfEmpty(home, "/" + dir)) break;
  }
  // Directories are fsynced once each after their links are made, not once per link.
  const touched = new Set<string>();
  for (const s of plan.steps) {
    if (s.op === "backup") {
      home.rename("/" + s.target, "/" + s.to);
      log(`Moved '${s.target}' to '${s.to}'`);
    } else if (s.op === "link") {
      const parent = posix.dirname("/" + s.target);
      if (parent !== "/" && !touched.has(parent)) home.mkdirs(parent);
      // A new link is one syscall; replacing one is a link beside it and a rename over it.
      if (s.replace) home.symlinkAtomic("/" + s.target, s.to, { sync: false });
      else home.symlinkNew("/" + s.target, s.to, { sync: false });
      if (verbose !== undefined) log(`'${verbose}/${s.target}' -> '${s.to}'`);
      touched.add(parent);
    }
  }
  for (const dir of touched) home.syncDir(dir);
}

/**
 * Removes the temporaries a killed activation left beside `paths` (home
 * paths, "/"-rooted: links it was replacing). A directory reached through
 * a link (a directory link of an older generation) holds none of ours.
 */
export function removeStaleTemporaries(home: RootFs, paths: Iterable<string>): void {
  const byDir = new Map<string, string[]>();
  for (const p of paths) {
    const dir = dirOf(p);
    const inDir = byDir.get(dir);
    if (inDir === undefined) byDir.set(dir, [p]);
    else inDir.push(p);
  }
  for (const inDir of byDir.values()) {
    try {
      removeTemporaries(home, inDir);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }
}

/**
 * Removes a directory cleanup emptied; one we may not remove (not ours to
 * write) is left, which is harmless, and so is a path under a link (an old
 * target below what is now a directory link holds no directory of ours).
 */
function rmdirIfEmpty(home: RootFs, dir: string): boolean {
  try {
    return home.rmdirIfEmpty(dir);
  } catch (e) {
    if (e instanceof UserError) return false;
    if (["EACCES", "EPERM", "EROFS", "EBUSY"].includes(String((e as NodeJS.ErrnoException).code))) return false;
    throw e;
  }
}

/**
 * Runs a step's script with bash -euo pipefail, as home-manager's activate
 * script does. --norc: Debian's bash reads /etc/bash.bashrc when it thinks
 * sshd started it (stdin a socket), whose `$PS1` test fails under -u.
 */
export function runShell(script: string, env: Record<string, string | undefined>, cwd: string, what: string): void {
  const r = spawnSync("bash", ["--norc", "--noprofile", "-euo", "pipefail", "-c", script], { env: env as NodeJS.ProcessEnv, cwd, stdio: "inherit" });
  if (r.error !== undefined) throw new UserError(`Cannot run the ${what}: ${r.error.message}`);
  if (r.status !== 0) throw new UserError(`The ${what} failed with exit status ${r.status}`);
}

export function ancestorsOf(target: string): string[] {
  const parts = target.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}
