/**
 * `lib.path`: path values and subpath strings. `append` joins a path and
 * a checked subpath, `hasPrefix`/`removePrefix` compare paths component
 * by component, `splitRoot` separates the filesystem root,
 * `hasStorePathPrefix` recognises paths inside the store, and
 * `subpath.{isValid,join,components,normalise}` work on relative subpath
 * strings (no empty string, no leading `/`, no `..` component). Errors
 * are nixpkgs' (catchable throws naming the function).
 */
import { force, isString, NixPath, typeOf, type Lazy, type Value } from "../nix/value.ts";
import { canonPath } from "../nix/canon-path.ts";
import { fn } from "./fn.ts";
import { attrs, expectList, nixThrow, text } from "../nix/expect.ts";
import type { LibEnv } from "./lib-context.ts";

/** Why a value is not a valid subpath string, or undefined when it is one. */
export function subpathInvalidReason(v: Value): string | undefined {
  if (!isString(v)) return `The given value is of type ${typeOf(v)}, but a string was expected`;
  const s = text(v);
  if (s === "") return "The given string is empty";
  if (s.startsWith("/")) return `The given string "${s}" starts with a \`/\`, representing an absolute path`;
  if (/(^|\/)\.\.(\/|$)/.test(s)) return `The given string "${s}" contains a \`..\` component, which is not allowed in subpaths`;
  return undefined;
}

/** The components of a valid subpath ("./a//b/./" → ["a", "b"]). */
export function subpathComponents(s: string): string[] {
  return s.split("/").filter((c) => c !== "" && c !== ".");
}

/** The normalised subpath string of some components: "./a/b", or "./." for none. */
export function joinSubpath(components: readonly string[]): string {
  return `./${components.length === 0 ? "." : components.join("/")}`;
}

const pathComponents = (p: NixPath) => subpathComponents(p.path);

function expectPath(v: Lazy, message: (type: string) => string): NixPath {
  const x = force(v);
  if (!(x instanceof NixPath)) nixThrow(message(typeOf(x)));
  return x;
}

function checkedSubpath(v: Lazy, message: string): string {
  const x = force(v);
  const reason = subpathInvalidReason(x);
  if (reason !== undefined) nixThrow(`${message}\n    ${reason}`);
  return text(x);
}

export function pathLib(env: LibEnv): Record<string, Value> {
  const storeComponents = subpathComponents(env.ctx.storeDir);
  const hasStorePrefix = (c: readonly string[]) =>
    (c.length > storeComponents.length && storeComponents.every((s, i) => c[i] === s) && /^.{32}-.+$/s.test(c[storeComponents.length] as string)) ||
    (c.length > 0 && /^[0-9a-z]{52}$/.test(c[0] as string));
  return {
    append: fn("append", (path, subpath) => {
      const p = expectPath(path, (t) => `lib.path.append: The first argument is of type ${t}, but a path was expected`);
      const s = checkedSubpath(subpath, "lib.path.append: Second argument is not a valid subpath string:");
      return new NixPath(canonPath(`${p.path}/${s}`));
    }),
    hasPrefix: fn("hasPrefix", (path1, path2) => {
      const a = pathComponents(expectPath(path1, (t) => `lib.path.hasPrefix: First argument is of type ${t}, but a path was expected`));
      const b = pathComponents(expectPath(path2, (t) => `lib.path.hasPrefix: Second argument is of type ${t}, but a path was expected`));
      return a.length <= b.length && a.every((x, i) => b[i] === x);
    }),
    removePrefix: fn("removePrefix", (path1, path2) => {
      const p1 = expectPath(path1, (t) => `lib.path.removePrefix: First argument is of type ${t}, but a path was expected.`);
      const p2 = expectPath(path2, (t) => `lib.path.removePrefix: Second argument is of type ${t}, but a path was expected.`);
      const [a, b] = [pathComponents(p1), pathComponents(p2)];
      if (a.length > b.length || !a.every((x, i) => b[i] === x)) {
        nixThrow(`lib.path.removePrefix: The first path argument "${p1.path}" is not a component-wise prefix of the second path argument "${p2.path}".`);
      }
      return joinSubpath(b.slice(a.length));
    }),
    splitRoot: fn("splitRoot", (path) => {
      const p = expectPath(path, (t) => `lib.path.splitRoot: Argument is of type ${t}, but a path was expected`);
      return attrs({ root: new NixPath("/"), subpath: joinSubpath(pathComponents(p)) });
    }),
    hasStorePathPrefix: fn("hasStorePathPrefix", (path) =>
      hasStorePrefix(pathComponents(expectPath(path, (t) => `lib.path.hasStorePathPrefix: Argument is of type ${t}, but a path was expected`))),
    ),
    subpath: attrs({
      isValid: fn("isValid", (v) => subpathInvalidReason(force(v)) === undefined),
      join: fn("join", (subpaths) => {
        const list = expectList(subpaths);
        const parts: string[] = [];
        list.forEach((s, i) => parts.push(...subpathComponents(checkedSubpath(s, `lib.path.subpath.join: Element at index ${i} is not a valid subpath string:`))));
        return joinSubpath(parts);
      }),
      components: fn("components", (s) => subpathComponents(checkedSubpath(s, "lib.path.subpath.components: Argument is not a valid subpath string:"))),
      normalise: fn("normalise", (s) => joinSubpath(subpathComponents(checkedSubpath(s, "lib.path.subpath.normalise: Argument is not a valid subpath string:")))),
    }),
  };
}
