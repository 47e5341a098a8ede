/**
 * Every filesystem access of the evaluator (import, readFile, readDir,
 * pathExists, …) goes through EvalIO, so tests can evaluate against an
 * in-memory tree and the evaluator never depends on a filesystem model.
 * What nodeIO answers is told to every registered IoObserver (the
 * evaluation cache records what an evaluation read; see
 * src/build/eval-cache/).
 */
import { readFileSync, readdirSync, lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";

export type FileType = "regular" | "directory" | "symlink" | "unknown";

export interface EvalIO {
  readFile(path: string): Buffer;
  pathExists(path: string): boolean;
  /** Entries of a directory with their types (not following links). */
  readDir(path: string): Map<string, FileType>;
  /** The type of a path, following a final symlink (as Nix's `readFileType` does not; see readFileType). */
  fileType(path: string): FileType;
  getEnv(name: string): string | undefined;
  /** The path with its symlinks resolved (as far as it exists), for pure evaluation's access check. */
  realPath?(path: string): string;
  /** A symlink's target, for copying it into the store (a tree without links need not answer). */
  readLink?(path: string): string;
  /** Whether a regular file has an execute bit, for copying it into the store (false when not answered). */
  isExecutable?(path: string): boolean;
}

/** Told what nodeIO answered: a file's content (undefined when it could not be read), a listing, a type, an environment variable. */
export interface IoObserver {
  readFile(path: string, content: Buffer | undefined): void;
  pathExists(path: string, exists: boolean): void;
  readDir(path: string, entries: ReadonlyMap<string, FileType> | undefined): void;
  fileType(path: string, type: FileType | undefined): void;
  getEnv(name: string, value: string | undefined): void;
  /** A whole tree (a file or a directory) the evaluation copies into the store or a build reads as a source (PathAccess.check). */
  tree(path: string): void;
  /** The newest mtime (seconds) in the tree at `path`, as a value the evaluation saw (a flake's `self.lastModified` outside git). */
  newestMtime?(path: string, seconds: number): void;
}

/** The observers nodeIO tells; an observer adds itself for the time it records and removes itself after. */
export const ioObservers = new Set<IoObserver>();

/** `answer()`, told to the observers (undefined when it threw, which is thrown on). */
function observed<T>(answer: () => T, tell: (o: IoObserver, v: T | undefined) => void): T {
  if (ioObservers.size === 0) return answer();
  let v: T | undefined;
  try {
    v = answer();
    return v;
  } finally {
    for (const o of ioObservers) tell(o, v);
  }
}

/** Nix's name for the type of what `st` describes (lstat). */
export function typeOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileType {
  return st.isSymbolicLink() ? "symlink" : st.isFile() ? "regular" : st.isDirectory() ? "directory" : "unknown";
}

/** Whether `p` exists, its symlinks followed. */
export function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

export const nodeIO: EvalIO = {
  readFile: (p) => observed(() => readFileSync(p), (o, v) => o.readFile(p, v)),
  pathExists: (p) => observed(() => exists(p), (o, v) => o.pathExists(p, v === true)),
  readDir: (p) => observed(() => new Map(readdirSync(p).sort().map((n) => [n, typeOf(lstatSync(`${p}/${n}`))])), (o, v) => o.readDir(p, v)),
  fileType: (p) => observed(() => typeOf(lstatSync(p)), (o, v) => o.fileType(p, v)),
  getEnv: (n) => observed(() => process.env[n], (o, v) => o.getEnv(n, v)),
  readLink: (p) => readlinkSync(p),
  isExecutable: (p) => (lstatSync(p).mode & 0o100) !== 0,
  realPath: (p) => {
    // The deepest existing ancestor resolved, the rest appended: a missing file under a link is judged by the link's target.
    const parts = p.split("/").filter((x) => x !== "");
    for (let i = parts.length; i >= 0; i--) {
      try {
        const base = realpathSync.native(`/${parts.slice(0, i).join("/")}`);
        return [base === "/" ? "" : base, ...parts.slice(i)].join("/") || "/";
      } catch {
        continue;
      }
    }
    return p;
  },
};

/** An in-memory tree: path → file content (a string) or a directory marker. */
export function memoryIO(files: Readonly<Record<string, string>>, env: Readonly<Record<string, string>> = {}): EvalIO {
  const dirs = new Set<string>(["/"]);
  for (const p of Object.keys(files)) {
    const parts = p.split("/").filter((x) => x !== "");
    for (let i = 1; i < parts.length; i++) dirs.add("/" + parts.slice(0, i).join("/"));
  }
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, "") : p);
  return {
    readFile: (p) => {
      const f = files[norm(p)];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
      return Buffer.from(f);
    },
    pathExists: (p) => files[norm(p)] !== undefined || dirs.has(norm(p)),
    readDir: (p) => {
      const base = norm(p) === "/" ? "" : norm(p);
      const out = new Map<string, FileType>();
      for (const q of [...Object.keys(files), ...dirs]) {
        if (!q.startsWith(base + "/") || q === base) continue;
        const rest = q.slice(base.length + 1);
        if (rest === "" || rest.includes("/")) continue;
        out.set(rest, dirs.has(q) ? "directory" : "regular");
      }
      return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
    },
    fileType: (p) => (dirs.has(norm(p)) ? "directory" : files[norm(p)] !== undefined ? "regular" : "unknown"),
    getEnv: (n) => env[n],
  };
}
