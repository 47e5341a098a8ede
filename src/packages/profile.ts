/**
 * Profiles: the store path a per-user profile (/etc/profiles/per-user/<name>)
 * or the system profile (/run/system-manager/sw) points at. A symlink
 * forest of the *requested* packages' bin/, share/ and etc/profile.d/
 * only, never their closures' (git must not put perl on PATH). bin/ holds
 * one link per program, and two packages giving the same program is an
 * error; the others merge directories as Nix's buildEnv
 * does (a directory only one package has is one link; the first package
 * wins a file both have). etc/profile.d/ is home-manager's: its
 * `home.path` carries hm-session-vars.sh there, which login shells source
 * from /etc/profiles/per-user/<name> (NixOS links it with
 * environment.pathsToLink). Content-addressed: the same packages give the
 * same path.
 */
import { readdirSync } from "node:fs";
import { posix } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { TreeEntry } from "../store/file-tree.ts";
import type { StorePath } from "../store/store-path.ts";
import { writeStorePath } from "../store/write-store-path.ts";
import { resolveInRoot } from "./rooted-path.ts";

function isDir(root: string, path: string): boolean {
  return resolveInRoot(root, path)?.stat.isDirectory() ?? false;
}

function children(root: string, path: string): string[] {
  const r = resolveInRoot(root, path);
  return r !== undefined && r.stat.isDirectory() ? readdirSync(r.path).sort() : [];
}

function packageLabel(outPath: string): string {
  return posix.basename(outPath).replace(/^[0-9a-z]{32}-/, "");
}

/** The directories merged entry by entry (below bin/, each program is linked). */
const MERGED = ["share", "etc/profile.d", "lib/qt-5", "lib/qt-6"];

/** The profile's entries: relative path → link target. */
export function profileTree(root: string, name: string, packages: readonly string[]): Map<string, string> {
  const links = new Map<string, string>();
  const unique = [...new Set(packages)];
  // Each directory is resolved and listed once: merging asks about the same ones many times.
  const listed = new Map<string, string[]>();
  const kids = (p: string) => listed.get(p) ?? (listed.set(p, children(root, p)), listed.get(p) as string[]);
  const dirs = new Map<string, boolean>();
  const dir = (p: string) => dirs.get(p) ?? (dirs.set(p, isDir(root, p)), dirs.get(p) as boolean);
  const owner = new Map<string, string>();
  for (const pkg of unique) {
    for (const program of kids(`${pkg}/bin`)) {
      const rel = `bin/${program}`;
      const prev = owner.get(rel);
      if (prev !== undefined) {
        throw new UserError(`Cannot build the profile of ${name}: ${packageLabel(prev)} and ${packageLabel(pkg)} both provide bin/${program}; remove one of them`);
      }
      owner.set(rel, pkg);
      links.set(rel, `${pkg}/bin/${program}`);
    }
  }
  const merge = (rel: string, sources: readonly string[]) => {
    const subdirs = sources.filter(dir);
    if (sources.length === 1 || subdirs.length !== sources.length) {
      links.set(rel, sources[0] as string);
      return;
    }
    const names = [...new Set(subdirs.flatMap(kids))].sort();
    for (const n of names) merge(`${rel}/${n}`, subdirs.filter((d) => kids(d).includes(n)).map((d) => `${d}/${n}`));
  };
  for (const top of MERGED) {
    const having = unique.filter((p) => dir(`${p}/${top}`));
    for (const n of [...new Set(having.flatMap((p) => kids(`${p}/${top}`)))].sort()) {
      merge(`${top}/${n}`, having.filter((p) => kids(`${p}/${top}`).includes(n)).map((p) => `${p}/${top}/${n}`));
    }
  }
  return links;
}

/**
 * Writes the profile of `name` (a user name, or "system") holding
 * `packages` (their output store paths) and returns its store path.
 */
export async function buildProfile(root: string, name: string, packages: readonly string[]): Promise<StorePath> {
  const tree = new Map<string, TreeEntry>();
  for (const [rel, target] of profileTree(root, name, packages)) tree.set(rel, { kind: "symlink", target });
  return writeStorePath(root, `${name.replace(/[^A-Za-z0-9+._?=-]/g, "_")}-profile`, tree);
}
