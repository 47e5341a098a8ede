/**
 * One directory of a Debian package's output made from several members of
 * its closure: Debian splits a tree over packages that dpkg installs into
 * the same place (OpenJDK's home, usr/lib/jvm/java-17-openjdk-amd64, holds
 * jre-headless's java and lib/modules beside jdk-headless's javac), and
 * the store keeps each package apart. Here the members' directories
 * matching a pattern are merged as links: a directory present in several
 * is made, anything else is a link to that member's entry (a link to a
 * member's link, so that its relative target still resolves in its own
 * tree: conf/security/java.security → ../../../../etc/…). The first member
 * holding a name keeps it. A program found through such a link resolves
 * to its member's file, and finds its libraries from there.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { versionPattern } from "../names.ts";

/** A path segment pattern: `{version}` a version number, `*` any name. */
function segmentPattern(segment: string): RegExp | undefined {
  if (!segment.includes("{version}") && !segment.includes("*")) return undefined;
  return new RegExp(versionPattern(segment).source.replace(/\\\*/g, "[^/]*"));
}

/** The directories of a store path matching `pattern` (`usr/lib/postgresql/{version}/bin`, `usr/lib/jvm/java-{version}-openjdk-*`), sorted. */
export function matchingDirs(root: string, storePath: string, pattern: string): string[] {
  let found = [""];
  for (const segment of pattern.split("/")) {
    const re = segmentPattern(segment);
    found = found.flatMap((rel) => {
      const at = join(root, storePath, rel);
      if (re === undefined) return [rel === "" ? segment : `${rel}/${segment}`];
      if (!existsSync(at) || !lstatSync(at).isDirectory()) return [];
      return readdirSync(at).filter((n) => re.test(n)).sort().map((n) => (rel === "" ? n : `${rel}/${n}`));
    });
  }
  return found.filter((rel) => existsSync(join(root, storePath, rel)) && lstatSync(join(root, storePath, rel)).isDirectory());
}

/** Whether `path` (on disk) is a directory, not a link to one. */
function isRealDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes `dir` (on disk, in the output being staged) the merge of the
 * directories of `members` (store paths, as the target sees them) that
 * match `pattern`; returns how many members had one.
 */
export function linkTree(root: string, dir: string, members: readonly string[], pattern: string): number {
  let found = 0;
  const merge = (target: string, source: string, storeSource: string) => {
    mkdirSync(target, { recursive: true });
    for (const name of readdirSync(source).sort()) {
      const to = join(target, name);
      const from = join(source, name);
      if (isRealDir(from)) {
        if (!present(to) || isRealDir(to)) merge(to, from, `${storeSource}/${name}`);
      } else if (!present(to)) symlinkSync(`${storeSource}/${name}`, to);
    }
  };
  for (const member of members) {
    for (const rel of matchingDirs(root, member, pattern)) {
      found++;
      merge(dir, join(root, member, rel), `${member}/${rel}`);
    }
  }
  return found;
}

/** Whether anything (a dangling link too) is at `path`. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
