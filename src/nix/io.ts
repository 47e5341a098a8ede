/**
 * Every filesystem access of the evaluator (import, readFile, readDir,
 * pathExists, …) goes through EvalIO, so tests can evaluate against an
 * in-memory tree and the evaluator never depends on a filesystem model.
 */
import { readFileSync, readdirSync, lstatSync, realpathSync, statSync } from "node:fs";

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
}

function typeOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileType {
  return st.isSymbolicLink() ? "symlink" : st.isFile() ? "regular" : st.isDirectory() ? "directory" : "unknown";
}

export const nodeIO: EvalIO = {
  readFile: (p) => readFileSync(p),
  pathExists: (p) => {
    try {
      statSync(p);
      return true;
    } catch {
      return false;
    }
  },
  readDir: (p) => new Map(readdirSync(p).sort().map((n) => [n, typeOf(lstatSync(`${p}/${n}`))])),
  fileType: (p) => typeOf(lstatSync(p)),
  getEnv: (n) => process.env[n],
  realPath: (p) => {
    // The deepest existing ancestor resolved, the rest appended: a missing file under a link is judged by the link's target.
    const parts = p.split("/").filter((x) => x !== "");
    for (let i = parts.length; i >= 0; i--) {
      try {
        const base = realpathSync(`/${parts.slice(0, i).join("/")}`);
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
