/**
 * `lib.sources.sourceByGlobs src patterns`: a cleaned source keeping the
 * files that match one of the glob patterns, relative to `src`. As in
 * nixpkgs: a pattern is matched one path component at a time, `*` is any
 * run of characters within a component, a `**` component any number of
 * components, and a directory (or symlink) is kept when its path is a
 * prefix of a match, so that the walk reaches the files inside.
 */
import { force, type Lazy, type Value } from "../nix/value.ts";
import { call, fn } from "./fn.ts";
import { attrs, expectList, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";

const escapeRegex = (s: string) => s.replace(/[\\[{()^$?*+|.]/g, (c) => `\\${c}`);

/** A component's regular expression: `**` is ".*" (handled by the walk), `*` any run of non-slashes. */
const componentRegex = (s: string) => (s === "**" ? ".*" : s.split(/\*+/).map(escapeRegex).join("[^/]*"));

export function sourceByGlobsFn(env: LibEnv): Value {
  const matches = (re: string, s: string) => force(call(builtin(env, "match"), re, s)) !== null;

  const matcher = (pattern: string) => {
    const globs = pattern.split("/").map(componentRegex);
    return (path: string, type: string): boolean => {
      const parts = path.split("/");
      const walk = (gi: number, pi: number): boolean => {
        if (pi >= parts.length) return gi >= globs.length || type === "directory" || type === "symlink";
        if (gi >= globs.length) return false;
        const g = globs[gi] as string;
        const p = parts[pi] as string;
        if (g === ".*") {
          if (gi + 1 === globs.length) return true;
          if (matches(globs[gi + 1] as string, p)) return walk(gi + 1, pi);
          return matches(g, p) ? walk(gi, pi + 1) : false;
        }
        return matches(g, p) ? walk(gi + 1, pi + 1) : false;
      };
      return walk(0, 0);
    };
  };

  return fn("sourceByGlobs", (src: Lazy, patterns: Lazy) => {
    const filter = fn("filter", (name, type) => {
      const root = `${text(call(builtin(env, "toString"), src))}/`;
      const n = text(name);
      const rel = n.startsWith(root) ? n.slice(root.length) : n;
      return expectList(patterns).some((pat) => matcher(text(pat))(rel, text(type)));
    });
    const lib = env.self() as { lazy(n: string): Lazy | undefined };
    return call(lib.lazy("cleanSourceWith") as Lazy, attrs({ filter, src }));
  });
}
