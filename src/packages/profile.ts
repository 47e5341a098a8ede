/**
 * Profiles: the store path a per-user profile (/etc/profiles/per-user/<name>)
 * or the system profile (/run/system-manager/sw) points at. A symlink
 * forest of the *requested* packages' bin/ and share/ only, never their
 * closures' (git must not put perl on PATH). bin/ holds one link per
 * program, and two packages giving the same program is an error; share/
 * merges directories as Nix's buildEnv does (a directory only one package
 * has is one link; the first package wins a file both have). Content-
 * addressed: the same packages give the same path.
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

/** The profile's entries: relative path → link target. */
export function profileTree(root: string, name: string, packages: readonly string[]): Map<string, string> {
  const links = new Map<string, string>();
  const unique = [...new Set(packages)];
  const owner = new Map<string, string>();
  for (const pkg of unique) {
    for (const program of children(root, `${pkg}/bin`)) {
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
    const dirs = sources.filter((s) => isDir(root, s));
    if (sources.length === 1 || dirs.length !== sources.length) {
      links.set(rel, sources[0] as string);
      return;
    }
    const names = [...new Set(dirs.flatMap((d) => children(root, d)))].sort();
    for (const n of names) merge(`${rel}/${n}`, dirs.filter((d) => children(root, d).includes(n)).map((d) => `${d}/${n}`));
  };
  const shared = unique.filter((p) => isDir(root, `${p}/share`));
  for (const n of [...new Set(shared.flatMap((p) => children(root, `${p}/share`)))].sort()) {
    merge(`share/${n}`, shared.filter((p) => children(root, `${p}/share`).includes(n)).map((p) => `${p}/share/${n}`));
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
