/**
 * `lib.filesystem`: what kind of file a path is (`pathType`,
 * `pathIsDirectory`, `pathIsRegularFile`), walking directories
 * (`listFilesRecursive`, `locateDominatingFile`, `haskellPathsInDir`),
 * `resolveDefaultNix`, and `packagesFromDirectoryRecursive` (one package
 * per `*.nix` file, a nested set per directory, a directory's
 * `package.nix` standing for the whole directory). The primitives
 * (readDir, readFileType, hashFile, baseNameOf, dirOf, isPath) are the
 * builtins themselves.
 */
import { force, isString, NixAttrs, NixPath, stringText, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { canonPath } from "../nix/canon-path.ts";
import { apply, call, fn, fnOfSet, lazyCall } from "./fn.ts";
import { attrs, expectAttrs, nixThrow, stringFrom, text } from "../nix/expect.ts";
import { builtin, type LibEnv } from "./lib-context.ts";

/** `dir + "/${name}"`: a path stays a path, a string stays a string (with its context). */
export function childOf(dir: Value, name: string): Value {
  if (dir instanceof NixPath) return new NixPath(canonPath(`${dir.path}/${name}`));
  return stringFrom(`${text(dir)}/${name}`, dir);
}

export function filesystemLib(env: LibEnv): Record<string, Value> {
  const b = (name: string) => builtin(env, name);
  const readDir = (dir: Value) => expectAttrs(call(b("readDir"), dir));
  const exists = (p: Value) => call(b("pathExists"), p) === true;
  const type = (p: Value) => text(call(b("readFileType"), p));
  const isDirectory = (p: Value) => exists(p) && type(p) === "directory";
  const lib = () => env.self() as NixAttrs;
  const libFn = (name: string) => lib().get(name) as Value;

  const listFiles = (dir: Value): Value[] =>
    readDir(dir)
      .keys()
      .flatMap((name) => (text(readDir(dir).get(name) as Value) === "directory" ? listFiles(childOf(dir, name)) : [childOf(dir, name)]));

  const fromDirectory = (args: NixAttrs): Value => {
    const directory = force(args.lazy("directory") as Lazy);
    const packageNix = childOf(directory, "package.nix");
    if (exists(packageNix)) return call(args.lazy("callPackage") as Lazy, packageNix, NixAttrs.empty);
    const processDir = (a: NixAttrs): Value => {
      const dir = force(a.lazy("directory") as Lazy);
      const entries = readDir(dir);
      const out = new Map<string, Lazy>();
      for (const name of entries.keys()) {
        const kind = text(entries.get(name) as Value);
        const path = childOf(dir, name);
        if (kind === "directory") out.set(name, new Thunk(() => fromDirectory(a.update(attrs({ directory: path })))));
        else if (kind === "regular" && name.endsWith(".nix")) out.set(name.slice(0, -4), lazyCall(a.lazy("callPackage") as Lazy, path, NixAttrs.empty));
        else if (kind !== "regular") {
          nixThrow(`lib.filesystem.packagesFromDirectoryRecursive: Unsupported file type ${kind} at path ${stringText(call(b("toString"), path) as string)}\n`);
        }
      }
      return new NixAttrs(out);
    };
    if (!args.has("newScope")) return processDir(args);
    const scope = call(libFn("makeScope"), args.lazy("newScope") as Lazy, fn("scope", (self) => {
      const from = (k: string) => new Thunk(() => force(call(builtin(env, "getAttr"), k, self)));
      return processDir(args.update(attrs({ callPackage: from("callPackage"), newScope: from("newScope") })));
    }));
    return apply(libFn("recurseIntoAttrs"), scope);
  };

  return {
    baseNameOf: b("baseNameOf"),
    dirOf: b("dirOf"),
    isPath: b("isPath"),
    readDir: b("readDir"),
    readFileType: b("readFileType"),
    hashFile: b("hashFile"),
    pathType: b("readFileType"),
    pathIsDirectory: fn("pathIsDirectory", (p) => isDirectory(force(p))),
    pathIsRegularFile: fn("pathIsRegularFile", (p) => exists(force(p)) && type(force(p)) === "regular"),
    haskellPathsInDir: fn("haskellPathsInDir", (root) => {
      const r = force(root);
      const out = new Map<string, Lazy>();
      for (const name of readDir(r).keys()) if (exists(childOf(childOf(r, name), `${name}.cabal`))) out.set(name, childOf(r, name));
      return new NixAttrs(out);
    }),
    locateDominatingFile: fn("locateDominatingFile", (pattern, file) => {
      const f = force(file);
      const parent = call(b("dirOf"), f);
      const base = text(call(b("baseNameOf"), f));
      const isDir = stringText(call(b("toString"), f) as string) === "/" || force(readDir(parent).lazy(base) ?? null) === "directory";
      let path: Value = isDir ? f : parent;
      for (;;) {
        const matches = readDir(path)
          .keys()
          .map((name) => call(b("match"), pattern, name))
          .filter((m) => m !== null);
        if (matches.length > 0) return attrs({ path, matches });
        if (stringText(call(b("toString"), path) as string) === "/") return null;
        path = call(b("dirOf"), path);
      }
    }),
    listFilesRecursive: fn("listFilesRecursive", (dir) => listFiles(force(dir))),
    packagesFromDirectoryRecursive: fnOfSet("packagesFromDirectoryRecursive", { callPackage: false, newScope: true, directory: false }, (args) => fromDirectory(expectAttrs(args))),
    resolveDefaultNix: fn("resolveDefaultNix", (v) => {
      const x = force(v);
      if (isDirectory(x)) return childOf(x, "default.nix");
      if (isString(x) && text(x).endsWith("/")) return stringFrom(`${text(x)}default.nix`, x);
      return x;
    }),
  };
}
