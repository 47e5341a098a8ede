/**
 * The filesystem of the target, seen through its root: every path is
 * absolute as the target sees it ("/etc/passwd") and is resolved under the
 * root without ever following a symlink in a parent directory, so nothing
 * outside the root is read or written (a symlinked parent is an error).
 *
 * Reads are used by observe; writes only by apply. Every file we replace is
 * written beside its destination and renamed over it.
 */
import * as fs from "node:fs";
import { basename, dirname, join, posix } from "node:path";
import { randomBytes } from "node:crypto";
import { UserError } from "../diagnostics/user-error.ts";

export type Entry =
  | { readonly kind: "absent" }
  | { readonly kind: "symlink"; readonly target: string }
  | { readonly kind: "file"; readonly mode: number; readonly uid: number; readonly gid: number; readonly size: number }
  | { readonly kind: "dir"; readonly mode: number; readonly uid: number; readonly gid: number }
  | { readonly kind: "other" };

export interface WriteOptions {
  readonly mode: number;
  readonly uid?: number;
  readonly gid?: number;
  /** false: the directory is not fsynced here; the caller syncs it once after a batch (the file itself always is). */
  readonly sync?: boolean;
}

/** The name `mkdirOwned` makes directory `name` under before renaming it into place. */
export function dirTemporaryName(name: string): string {
  return `.${name}.system-manager-new`;
}

export class RootFs {
  readonly root: string;
  /** Directories already checked to be real directories (not links); forgotten when we remove or rename one. */
  readonly #checked = new Set<string>();
  /** Each parent directory (as the target sees it) whose every component is in #checked, and its host path. */
  readonly #parents = new Map<string, string>();
  /** Whether owners are set. Off only for rootless activation into a scratch root, where chown is not permitted. */
  readonly ownership: boolean;
  /** Temporaries are named from one random start counted up (12 hex digits), not a random draw per write. */
  #nextTemporary = randomBytes(6).readUIntBE(0, 6);
  constructor(root: string, opts: { ownership?: boolean } = {}) {
    this.root = root;
    this.ownership = opts.ownership ?? true;
  }

  /** The host path of a target path, after checking that no parent directory is a symlink. */
  hostPath(path: string): string {
    if (!path.startsWith("/") || posix.normalize(path) !== path) throw new Error(`Not an absolute normalised path: ${path}`);
    const slash = path.lastIndexOf("/");
    const parent = path.slice(0, slash);
    const known = path.length > 1 ? this.#parents.get(parent) : undefined;
    if (known !== undefined) return known + path.slice(slash);
    const parts = path.split("/").filter((p) => p !== "");
    let cur = this.root;
    for (const part of parts.slice(0, -1)) {
      cur = join(cur, part);
      if (this.#checked.has(cur)) continue;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(cur);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return join(this.root, path);
        throw e;
      }
      if (st.isSymbolicLink()) {
        throw new UserError(`Cannot manage '${path}': its parent '${cur.slice(this.root.length) || "/"}' is a symlink, and system-manager does not follow symlinks in parent directories`);
      }
      if (!st.isDirectory()) throw new UserError(`Cannot manage '${path}': '${cur.slice(this.root.length)}' is not a directory`);
      this.#checked.add(cur);
    }
    const host = join(this.root, path);
    if (path.length > 1) this.#parents.set(parent, host.slice(0, host.length - (path.length - slash)));
    return host;
  }

  /** Forgets checked directories (one may be renamed or removed). */
  #forget(): void {
    this.#checked.clear();
    this.#parents.clear();
  }

  entry(path: string): Entry {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(this.hostPath(path));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return { kind: "absent" };
      throw e;
    }
    if (st.isSymbolicLink()) return { kind: "symlink", target: fs.readlinkSync(this.hostPath(path)) };
    if (st.isFile()) return { kind: "file", mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
    if (st.isDirectory()) return { kind: "dir", mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
    return { kind: "other" };
  }

  /**
   * The content of the regular file at `path`, opened without following a
   * link there (O_NOFOLLOW; O_NONBLOCK so a FIFO cannot hang us): a link
   * or anything but a regular file is a user error, since what we read we
   * may rewrite, and a link could reach outside the root.
   */
  readFile(path: string): Buffer {
    const data = this.#read(path);
    if (data === "symlink") throw new UserError(`Cannot read '${path}'${this.#under()}: it is a symlink, and system-manager does not follow symlinks to files it reads`);
    return data;
  }

  /** As readFile, or undefined when nothing is there; with `symlinkAsAbsent`, a link there counts as nothing. */
  readFileIfExists(path: string, opts: { symlinkAsAbsent?: boolean } = {}): Buffer | undefined {
    let data: Buffer | "symlink";
    try {
      data = this.#read(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    if (data !== "symlink") return data;
    if (opts.symlinkAsAbsent === true) return undefined;
    throw new UserError(`Cannot read '${path}'${this.#under()}: it is a symlink, and system-manager does not follow symlinks to files it reads`);
  }

  #read(path: string): Buffer | "symlink" {
    let fd: number;
    try {
      fd = fs.openSync(this.hostPath(path), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ELOOP") return "symlink";
      throw e;
    }
    try {
      if (!fs.fstatSync(fd).isFile()) throw new UserError(`Cannot read '${path}'${this.#under()}: it is not a regular file`);
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** A temporary's host path beside `host`: `.#<name>.<12 hex digits>` (see temporaries.ts). */
  #temporary(host: string): string {
    const n = this.#nextTemporary;
    this.#nextTemporary = (n + 1) % 2 ** 48;
    return join(dirname(host), `.#${basename(host)}.${n.toString(16).padStart(12, "0")}`);
  }

  #under(): string {
    return this.root === "/" ? "" : ` under ${this.root}`;
  }

  /** The names in directory `path` (none when it is not there); a link there is refused, not listed through. */
  readdir(path: string): string[] {
    try {
      const host = this.hostPath(path);
      if (fs.lstatSync(host).isSymbolicLink()) throw new UserError(`Cannot list '${path}'${this.#under()}: it is a symlink, and system-manager does not follow symlinks under the root`);
      return fs.readdirSync(host).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
  }

  /** Creates missing directories (root-owned, 0755), returning those it created, outermost first. */
  mkdirs(path: string): string[] {
    const created: string[] = [];
    const parts = path.split("/").filter((p) => p !== "");
    let cur = "";
    for (const part of parts) {
      cur += "/" + part;
      const e = this.entry(cur);
      if (e.kind === "dir") continue;
      if (e.kind !== "absent") throw new UserError(`Cannot create directory '${cur}': something else is there`);
      fs.mkdirSync(this.hostPath(cur), { mode: 0o755 });
      fs.chmodSync(this.hostPath(cur), 0o755);
      created.push(cur);
    }
    return created;
  }

  /** Writes a file beside `path`, fsyncs it, sets owner and mode, and renames it over `path`. */
  writeFileAtomic(path: string, data: Buffer | string, opts: WriteOptions): void {
    const host = this.hostPath(path);
    const tmp = this.#temporary(host);
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      try {
        // A short write (a nearly full disk) is continued until the next write fails: never a truncated file.
        const buf = typeof data === "string" ? Buffer.from(data) : data;
        for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off);
        if (this.ownership && opts.uid !== undefined && opts.gid !== undefined) fs.fchownSync(fd, opts.uid, opts.gid);
        fs.fchmodSync(fd, opts.mode);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, host);
    } catch (e) {
      // A failed write or rename (disk full, an immutable destination) leaves no temporary behind.
      fs.rmSync(tmp, { force: true });
      if (e instanceof Error && "code" in e && !("path" in e && e.path !== undefined)) Object.assign(e, { path: tmp });
      throw e;
    }
    if (opts.sync !== false) this.syncDir(dirname(path));
  }

  /**
   * Points `path` at `target`, replacing whatever link or file is there in
   * one rename. With `sync: false` the directory is not fsynced here; the
   * caller syncs each directory once after a batch (see syncDir).
   */
  symlinkAtomic(path: string, target: string, opts: { sync?: boolean } = {}): void {
    const host = this.hostPath(path);
    const tmp = this.#temporary(host);
    fs.symlinkSync(target, tmp);
    try {
      fs.renameSync(tmp, host);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    if (opts.sync !== false) this.syncDir(posix.dirname(path));
  }

  /** Creates a new link at `path`; if something appeared there meanwhile, replaces it atomically instead. */
  symlinkNew(path: string, target: string, opts: { sync?: boolean } = {}): void {
    try {
      fs.symlinkSync(target, this.hostPath(path));
      if (opts.sync !== false) this.syncDir(posix.dirname(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      this.symlinkAtomic(path, target, opts);
    }
  }

  /** Gives the file (or link) at `from` a second name, `to`, which must not exist yet. */
  link(from: string, to: string): void {
    this.#forget();
    fs.linkSync(this.hostPath(from), this.hostPath(to));
    this.syncDir(posix.dirname(to));
  }

  rename(from: string, to: string): void {
    this.#forget();
    fs.renameSync(this.hostPath(from), this.hostPath(to));
    this.syncDir(posix.dirname(to));
  }

  unlink(path: string): void {
    try {
      fs.unlinkSync(this.hostPath(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }

  /** Removes an empty directory; returns false when it is not empty or not there. */
  rmdirIfEmpty(path: string): boolean {
    try {
      fs.rmdirSync(this.hostPath(path));
      this.#forget();
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOENT" || code === "ENOTDIR") return false;
      throw e;
    }
  }

  /**
   * Creates directory `path` (its parent must exist) owned and moded as
   * asked. It is made under a temporary name beside `path`, chowned and
   * chmodded through a descriptor opened without following links (so a
   * link planted in the meantime is never chowned), then renamed into
   * place: a crash never leaves `path` half made (root's, 0700). A
   * leftover temporary from a crash is removed first, when it is still
   * empty; anything else there is refused, not deleted: once chowned, its
   * user may have written into it (and could swap a directory in it for a
   * link while root removed it recursively).
   */
  mkdirOwned(path: string, mode: number, uid: number, gid: number): void {
    const host = this.hostPath(path);
    const leftover = posix.join(posix.dirname(path), dirTemporaryName(posix.basename(path)));
    if (!this.rmdirIfEmpty(leftover) && this.entry(leftover).kind !== "absent") {
      throw new UserError(`Cannot create '${path}'${this.#under()}: '${leftover}' is in the way. An interrupted activation made it, and it is no longer an empty directory; look at it, move it away and run the switch again`);
    }
    const tmp = this.hostPath(leftover);
    fs.mkdirSync(tmp, { mode: 0o700 });
    const fd = fs.openSync(tmp, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
    try {
      if (this.ownership) fs.fchownSync(fd, uid, gid);
      fs.fchmodSync(fd, mode);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, host);
  }

  syncDir(path: string): void {
    const fd = fs.openSync(this.hostPath(path === "/" ? "/" : path), fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
