/**
 * An EvalIO that also serves what an evaluation put in its store without
 * writing anything (../eval-store.ts): a `toFile` text is a file at its
 * store path; a `builtins.path`/`filterSource` copy shows its source
 * below its store path, entries the filter rejects absent, a flat copy
 * as the one file. So `import (builtins.toFile "m.nix" "…")` and
 * `readFile "${builtins.path { … }}/x"` read what Nix would have copied.
 * Other paths are the base EvalIO's.
 */
import type { EvalIO, FileType } from "./io.ts";
import type { EvalStore, StoreSource } from "./eval-store.ts";

type Served = { kind: "text"; text: string } | { kind: "source"; path: string } | { kind: "absent" } | undefined;

/** The source path a copy shows at `rest` below its store path, or undefined when the copy leaves it out. */
function inSource(io: EvalIO, src: StoreSource, rest: string): string | undefined {
  if (rest === "") return src.path;
  if (!src.recursive) return undefined;
  let at = src.path;
  for (const part of rest.split("/").filter((p) => p !== "")) {
    at = `${at}/${part}`;
    if (!io.pathExists(at) && io.readDir(at.slice(0, at.lastIndexOf("/"))).get(part) !== "symlink") return undefined;
    if (src.filter !== undefined && !src.filter(at, io.fileType(at))) return undefined;
  }
  return at;
}

export function withStoreContents(io: EvalIO, store: EvalStore): EvalIO {
  const served = (path: string): Served => {
    if (!store.isInStore(path)) return undefined;
    const storePath = store.toStorePath(path);
    const rest = path.slice(storePath.length);
    const text = store.texts.get(storePath);
    if (text !== undefined) return rest === "" ? { kind: "text", text: text.text } : { kind: "absent" };
    const src = store.sources.get(storePath);
    if (src === undefined) return undefined;
    const at = inSource(io, src, rest);
    return at === undefined ? { kind: "absent" } : { kind: "source", path: at };
  };
  const missing = (path: string): never => {
    throw Object.assign(new Error(`ENOENT: no such file or directory, '${path}'`), { code: "ENOENT" });
  };
  const { realPath, readLink, isExecutable } = io;
  const via = <T>(path: string, base: (p: string) => T, text: (t: string) => T): T => {
    const s = served(path);
    if (s === undefined) return base(path);
    if (s.kind === "absent") return missing(path);
    return s.kind === "text" ? text(s.text) : base(s.path);
  };
  return {
    ...io,
    readFile: (p) => via(p, (q) => io.readFile(q), (t) => Buffer.from(t)),
    pathExists: (p) => {
      const s = served(p);
      return s === undefined ? io.pathExists(p) : s.kind !== "absent";
    },
    readDir: (p) =>
      via(
        p,
        (q) => {
          const entries = io.readDir(q);
          const src = served(p) === undefined ? undefined : store.sources.get(store.toStorePath(p));
          const filter = src?.filter;
          return filter === undefined ? entries : new Map([...entries].filter(([name, type]) => filter(`${q}/${name}`, type)));
        },
        () => missing(p),
      ),
    fileType: (p) => via<FileType>(p, (q) => io.fileType(q), () => "regular"),
    ...(realPath === undefined ? {} : { realPath: (p: string) => (served(p) === undefined ? realPath.call(io, p) : p) }),
    ...(readLink === undefined ? {} : { readLink: (p: string) => via(p, (q) => readLink.call(io, q), () => missing(p)) }),
    ...(isExecutable === undefined ? {} : { isExecutable: (p: string) => via(p, (q) => isExecutable.call(io, q), () => false) }),
  };
}
