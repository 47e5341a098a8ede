/**
 * Pure evaluation's file access rule, as Nix's checkSourcePath: a flake
 * may read only its own source tree, its inputs' trees and the store (the
 * evaluation's store directory);
 * any other absolute path is "access to absolute path '…' is forbidden in
 * pure evaluation mode (use '--impure' to override)". A path is checked
 * lexically (canonPath) and again with its symlinks resolved, so a link
 * inside the flake cannot lead out of it. Impure evaluation allows all.
 * `check` is what a copy into the store and a build's source read ask, so
 * it tells the IoObservers (io.ts) which whole trees were read; the
 * single accesses of restrictIO are told by the EvalIO beneath.
 *
 *     const access = new PathAccess({ pure: true, realPath: nodeIO.realPath });
 *     access.allow("/src/flake");
 *     const io = restrictIO(nodeIO, access);   // io.readFile("/etc/shadow") throws
 */
import { EvalError } from "./errors.ts";
import { ioObservers, type EvalIO } from "./io.ts";
import { canonPath } from "./canon-path.ts";
import { NIX_STORE_DIR } from "./eval-store.ts";

/** A path pure evaluation may not read. */
export class RestrictedPathError extends EvalError {
  readonly path: string;
  constructor(path: string) {
    super(`access to absolute path '${path}' is forbidden in pure evaluation mode (use '--impure' to override)`);
    this.name = "RestrictedPathError";
    this.path = path;
  }
}

const within = (path: string, root: string) => path === root || path.startsWith(root === "/" ? "/" : `${root}/`);

export class PathAccess {
  readonly pure: boolean;
  readonly #roots: Set<string>;
  readonly #realPath: ((path: string) => string) | undefined;
  readonly #resolved = new Map<string, string>();

  /** `storeDir`: the evaluation's store, always readable (default /nix/store). */
  constructor(opts: { readonly pure: boolean; readonly realPath?: (path: string) => string; readonly storeDir?: string }) {
    this.pure = opts.pure;
    this.#realPath = opts.realPath;
    this.#roots = new Set([opts.storeDir ?? NIX_STORE_DIR]);
  }

  /** Allows a tree (a flake's source, an input's), as written and with its symlinks resolved. */
  allow(root: string): void {
    const abs = canonPath(root);
    this.#roots.add(abs);
    if (this.#realPath !== undefined) this.#roots.add(this.#realPath(abs));
  }

  /** `path` itself when it may be read whole (copied, or read as a source); a RestrictedPathError otherwise. */
  check(path: string): string {
    for (const o of ioObservers) o.tree(path);
    return this.checkAccess(path);
  }

  /** `path` itself when it may be read; a RestrictedPathError otherwise. */
  checkAccess(path: string): string {
    const refused = this.#refused(path);
    if (refused !== undefined) throw new RestrictedPathError(refused);
    return path;
  }

  /** The path to name when `path` may not be read: itself made canonical, or what its symlinks lead to; undefined when it may. */
  #refused(path: string): string | undefined {
    if (!this.pure) return undefined;
    const abs = canonPath(path);
    if (!this.#inRoots(abs)) return abs;
    const real = this.#realPath === undefined ? abs : this.#real(abs);
    return this.#inRoots(real) ? undefined : real;
  }

  /** What `path`'s links lead to, asked once per path: an evaluation checks the files it imports three times each. */
  #real(path: string): string {
    let r = this.#resolved.get(path);
    if (r === undefined) this.#resolved.set(path, (r = (this.#realPath as (p: string) => string)(path)));
    return r;
  }

  #inRoots(path: string): boolean {
    for (const r of this.#roots) if (within(path, r)) return true;
    return false;
  }
}

/** `io` with every filesystem access checked against `access` (the environment is not a file). */
export function restrictIO(io: EvalIO, access: PathAccess): EvalIO {
  if (!access.pure) return io;
  const { readLink, isExecutable } = io;
  return {
    readFile: (p) => io.readFile(access.checkAccess(p)),
    pathExists: (p) => io.pathExists(access.checkAccess(p)),
    readDir: (p) => io.readDir(access.checkAccess(p)),
    fileType: (p) => io.fileType(access.checkAccess(p)),
    getEnv: (n) => io.getEnv(n),
    ...(io.realPath === undefined ? {} : { realPath: io.realPath }),
    ...(readLink === undefined ? {} : { readLink: (p: string) => readLink.call(io, access.checkAccess(p)) }),
    ...(isExecutable === undefined ? {} : { isExecutable: (p: string) => isExecutable.call(io, access.checkAccess(p)) }),
  };
}
