/**
 * The store an evaluation computes paths for: its directory (Nix's
 * `/nix/store` by default; an embedder passes its own) and what the
 * evaluation put there without writing anything: each derivation by its
 * .drv path, each `toFile` text and each `builtins.path`/`filterSource`
 * copy (named, filtered or flat) by its path. Paths are computed as
 * Nix's makeStorePath does, the store directory hashed in, so one
 * evaluation uses one directory everywhere (`builtins.storeDir`, toFile,
 * derivations, path copies, pure-evaluation access). An embedder reads
 * the records to realise what a value's string context refers to.
 *
 *     const store = new EvalStore("/var/lib/x/store");
 *     createEvaluator({ store });  // builtins.storeDir == "/var/lib/x/store"
 */
import type { Derivation } from "./builtins/derivation-hash.ts";
import { makeFixedOutputPath, makeStorePath, makeTextPath } from "./builtins/store-path.ts";
import type { NarFilter } from "./nar-hash.ts";

export const NIX_STORE_DIR = "/nix/store";

/** A `toFile` text (or any other text put in the store): its name, content and the store paths it refers to. */
export interface StoreText {
  readonly name: string;
  readonly text: string;
  readonly references: readonly string[];
}

/** A copy of a path into the store: its source, whether whole (a NAR) or one file's contents, and which entries it keeps. */
export interface StoreSource {
  readonly path: string;
  readonly recursive: boolean;
  /** Absent: every entry. */
  readonly filter: NarFilter | undefined;
}

export class EvalStore {
  readonly storeDir: string;
  /** .drv path → the derivation, for every derivation instantiated. */
  readonly derivations = new Map<string, Derivation>();
  /** store path → the text, for every `toFile`. */
  readonly texts = new Map<string, StoreText>();
  /** store path → the source, for every copy `builtins.path` or `filterSource` computed itself. */
  readonly sources = new Map<string, StoreSource>();

  constructor(storeDir: string = NIX_STORE_DIR) {
    if (!storeDir.startsWith("/") || storeDir.endsWith("/")) throw new Error(`store directory '${storeDir}' must be absolute, without a trailing slash`);
    this.storeDir = storeDir;
  }

  makeStorePath(type: string, innerHex: string, name: string): string {
    return makeStorePath(this.storeDir, type, innerHex, name);
  }

  makeTextPath(name: string, contents: string, references: Iterable<string>): string {
    return makeTextPath(this.storeDir, name, contents, references);
  }

  makeFixedOutputPath(recursive: boolean, algo: string, hashHex: string, name: string): string {
    return makeFixedOutputPath(this.storeDir, recursive, algo, hashHex, name);
  }

  /** Whether `path` is inside this store (a store path or a file in one). */
  isInStore(path: string): boolean {
    return path.startsWith(`${this.storeDir}/`) && path.length > this.storeDir.length + 1;
  }

  /** `path`'s store path: the directory entry of the store it lies in. */
  toStorePath(path: string): string {
    const rest = path.slice(this.storeDir.length + 1);
    const slash = rest.indexOf("/");
    return slash < 0 ? path : `${this.storeDir}/${rest.slice(0, slash)}`;
  }
}
