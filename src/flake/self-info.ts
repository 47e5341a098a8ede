/**
 * `self`'s source information for a flake loaded from a directory in
 * place: outPath is the directory; narHash (computed when first used)
 * covers the directory, or in a git work tree only the files git tracks;
 * lastModified is the newest mtime, or HEAD's commit time in git. A clean
 * git tree has rev, shortRev and revCount; a dirty one dirtyRev and
 * dirtyShortRev ("<HEAD>-dirty"), as Nix gives them. A newest mtime read
 * is told to nodeIO's observers (the evaluation cache records it).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { force, NixAttrs, Thunk, type Lazy } from "../nix/value.ts";
import { ioObservers } from "../nix/io.ts";
import { newestMtime } from "./newest-mtime.ts";
import { narHash } from "../store/nar.ts";
import { lastModifiedDate } from "./source-info.ts";

function inGitRepo(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return true;
    if (dirname(d) === d) return false;
  }
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** newestMtime(dir), told to the IoObservers: a value read from the tree's times, not its contents (the evaluation cache records it). */
function observedMtime(dir: string): number {
  const t = newestMtime(dir);
  for (const o of ioObservers) o.newestMtime?.(dir, t);
  return t;
}

function gitInfo(dir: string): { head: string; dirty: boolean } | undefined {
  if (!inGitRepo(dir)) return undefined;
  const head = git(dir, ["rev-parse", "--verify", "--quiet", "HEAD"]);
  if (head === undefined || head === "") return undefined;
  const status = git(dir, ["status", "--porcelain", "--untracked-files=no", "."]);
  return { head, dirty: status !== "" };
}

function trackedFilter(dir: string): (rel: string) => boolean {
  const files = (git(dir, ["ls-files", "-z"]) ?? "").split("\0").filter((f) => f !== "");
  const keep = new Set<string>();
  for (const f of files) for (let p = f; p !== "." && p !== ""; p = dirname(p)) keep.add(p);
  return (rel) => keep.has(rel);
}

export function selfSourceInfo(dir: string): NixAttrs {
  const g = gitInfo(dir);
  const m = new Map<string, Lazy>([["outPath", dir]]);
  m.set("narHash", new Thunk(() => (g === undefined ? narHash(dir) : narHash(dir, trackedFilter(dir))), "narHash"));
  const lm = new Thunk(() => BigInt(g === undefined ? observedMtime(dir) : Number(git(dir, ["log", "-1", "--format=%ct", "HEAD"]) ?? 0)), "lastModified");
  m.set("lastModified", lm);
  m.set("lastModifiedDate", new Thunk(() => lastModifiedDate(Number(force(lm) as bigint)), "lastModifiedDate"));
  if (g !== undefined && !g.dirty) {
    m.set("rev", g.head);
    m.set("shortRev", g.head.slice(0, 7));
    m.set("revCount", new Thunk(() => BigInt(git(dir, ["rev-list", "--count", "HEAD"]) ?? 0), "revCount"));
  } else if (g !== undefined) {
    m.set("dirtyRev", `${g.head}-dirty`);
    m.set("dirtyShortRev", `${g.head.slice(0, 7)}-dirty`);
  }
  return new NixAttrs(m);
}
