/**
 * The files of a .deb's closure, as dpkg would have installed them into
 * one filesystem: which member owns an FHS path (with merged-/usr aliases,
 * so `/lib64/ld-linux-x86-64.so.2` is found in Debian 12's libc6 and in
 * Debian 13's, which ships `/usr/lib64/…`), resolving symlinks across
 * members. The package itself is searched first, then its dependencies.
 * A path no member holds may be a link the members' postinst scripts make
 * with update-alternatives (alternative-links.ts), which dpkg would have
 * run: it is found at the chosen alternative's target.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join, posix } from "node:path";
import type { StorePath } from "../../store/store-path.ts";
import { mergedAlternatives, type AlternativeTarget } from "./alternative-links.ts";

export type EntryKind = "file" | "dir" | "symlink";

export interface Member {
  readonly key: string;
  readonly name: string;
  readonly storePath: StorePath;
  /** Where its content is on this machine now (a temporary directory while it is being made). */
  readonly dir: string;
  /** Relative paths ("usr/bin/rg") → kind; the metadata directory excluded. */
  readonly entries: ReadonlyMap<string, EntryKind>;
}

export const META_DIR = ".system-manager";

export function indexTree(dir: string): Map<string, EntryKind> {
  const out = new Map<string, EntryKind>();
  const walk = (host: string, rel: string) => {
    for (const name of readdirSync(host)) {
      if (rel === "" && (name === META_DIR || name === "DEBIAN")) continue;
      const p = join(host, name);
      const r = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(p);
      out.set(r, st.isSymbolicLink() ? "symlink" : st.isDirectory() ? "dir" : "file");
      if (st.isDirectory()) walk(p, r);
    }
  };
  walk(dir, "");
  return out;
}

const MERGED = /^(bin|sbin|lib|lib32|lib64|libx32)(\/|$)/;

/** The path and its merged-/usr twin. */
export function aliases(path: string): string[] {
  if (MERGED.test(path)) return [path, `usr/${path}`];
  if (path.startsWith("usr/") && MERGED.test(path.slice(4))) return [path, path.slice(4)];
  return [path];
}

export interface Owned {
  readonly member: Member;
  readonly path: string;
}

export class ClosureView {
  readonly self: Member;
  readonly members: readonly Member[];

  constructor(self: Member, others: readonly Member[]) {
    this.self = self;
    this.members = [self, ...others.filter((m) => m.key !== self.key)];
  }

  #alternatives: Map<string, AlternativeTarget> | undefined;

  /** The first member holding `path` (relative, normalised), trying its merged-/usr twin too, then the alternatives' links. */
  owner(path: string, kinds: readonly EntryKind[] = ["file", "dir", "symlink"], depth = 0): Owned | undefined {
    for (const p of aliases(path)) {
      for (const m of this.members) {
        const k = m.entries.get(p);
        if (k !== undefined && kinds.includes(k)) return { member: m, path: p };
      }
    }
    if (depth > 5) return undefined;
    const alternative = aliases(path).map((p) => this.#links().get(p)).find((t) => t !== undefined);
    return alternative === undefined ? undefined : this.owner(alternative.path, kinds, depth + 1);
  }

  #links(): Map<string, AlternativeTarget> {
    this.#alternatives ??= mergedAlternatives(
      this.members.map((m) => join(m.dir, META_DIR, "DEBIAN", "postinst")).filter((f) => existsSync(f)).map((f) => readFileSync(f, "latin1")),
    );
    return this.#alternatives;
  }

  /** Follows symlinks (within the closure) to the member and path of a real file or directory. */
  resolve(path: string, depth = 0): Owned | undefined {
    const o = this.owner(path);
    if (o === undefined || depth > 20) return undefined;
    if (o.member.entries.get(o.path) !== "symlink") return o;
    const target = readlinkSync(join(o.member.dir, o.path));
    const inStore = this.members.find((m) => target.startsWith(m.storePath + "/"));
    if (inStore !== undefined) return this.resolve(target.slice(inStore.storePath.length + 1), depth + 1);
    const rel = target.startsWith("/") ? posix.normalize(target.slice(1)) : posix.normalize(posix.join(posix.dirname(o.path), target));
    if (rel.startsWith("../")) return undefined;
    return this.resolve(rel, depth + 1);
  }
}
