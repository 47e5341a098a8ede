/**
 * Records what one evaluation read, as the evaluation cache's
 * dependencies: it observes nodeIO and the whole-tree reads of
 * PathAccess (src/nix/io.ts) while it is started, and is told the rest
 * (locks, the flake's directory) by the cached build. Paths inside a store
 * (ours under the build's root, or /nix/store) are immutable: they are
 * not recorded, their names are in what refers to them. Under --impure,
 * a Nix file that names currentTime or an unlocked fetcher makes the
 * evaluation uncacheable (what it reads is not a file).
 */
import { join } from "node:path";
import { ioObservers, type FileType, type IoObserver } from "../../nix/io.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { digestNow, envDigest, fileDigest, listingDigest, type Dependency, type DependencyKind } from "./dependency.ts";

const IMPURE_BUILTINS = /\b(currentTime|fetchTarball|fetchurl|fetchGit|fetchTree|fetchMercurial|fetchClosure)\b/;

export interface RecorderOptions {
  /** The build's root (its store's paths are not recorded). */
  readonly root: string;
  readonly impure: boolean;
  /** Whether the build may write what it learnt (the entry, the memo of instances): not a dry run's, nor a one-off override's. */
  readonly writes?: boolean;
}

/** What a recorder recorded, as it crosses threads (an evaluation in a worker, src/cli/evaluate-in-worker.ts). */
export interface Recorded {
  readonly dependencies: readonly Dependency[];
  readonly uncacheable: string | undefined;
  /** The built generation's closure, taken where the build's references are known (cached-build.ts closureOf). */
  readonly closure?: readonly string[];
}

export class EvalRecorder implements IoObserver {
  readonly #deps = new Map<string, Dependency>();
  readonly #stores: readonly string[];
  readonly options: RecorderOptions;
  /** Why the evaluation cannot be cached, once known. */
  uncacheable: string | undefined;
  /** The closure of the generation built, when the thread that built it took it. */
  closure: readonly string[] | undefined;

  constructor(opts: RecorderOptions) {
    this.#stores = [...new Set([`${STORE_DIR}/`, `${join(opts.root, STORE_DIR)}/`, "/nix/store/"])];
    this.options = { root: opts.root, impure: opts.impure, writes: opts.writes ?? true };
  }

  start(): void {
    ioObservers.add(this);
  }

  stop(): void {
    ioObservers.delete(this);
  }

  /** The dependencies recorded, in the order first seen. */
  get dependencies(): Dependency[] {
    return [...this.#deps.values()];
  }

  /** Records what another recorder recorded (in another thread), after what this one has. */
  adopt(other: Recorded): void {
    for (const d of other.dependencies) this.add(d.kind, d.path, d.digest);
    this.uncacheable ??= other.uncacheable;
    this.closure ??= other.closure;
  }

  /** Records `kind` at `path` with its digest (taken now when not given); the first record of a path and kind stands. */
  add(kind: DependencyKind, path: string, digest?: string): void {
    const key = `${kind}\0${path}`;
    if (this.#deps.has(key) || (kind !== "env" && this.#stores.some((s) => path.startsWith(s)))) return;
    this.#deps.set(key, { kind, path, digest: digest ?? digestNow(kind, path, process.env) });
  }

  readFile(path: string, content: Buffer | undefined): void {
    this.add("file", path, fileDigest(content));
    if (this.options.impure && content !== undefined && path.endsWith(".nix") && this.uncacheable === undefined) {
      const hit = IMPURE_BUILTINS.exec(content.toString("latin1"));
      if (hit !== null) this.uncacheable = `${path} names ${hit[1]}, which --impure lets read the clock or the network`;
    }
  }

  pathExists(path: string, exists: boolean): void {
    this.add("exists", path, String(exists));
  }

  readDir(path: string, entries: ReadonlyMap<string, FileType> | undefined): void {
    this.add("dir", path, listingDigest(entries));
  }

  fileType(path: string, type: FileType | undefined): void {
    this.add("type", path, type ?? "missing");
  }

  getEnv(name: string, value: string | undefined): void {
    this.add("env", name, envDigest(value));
  }

  tree(path: string): void {
    this.add("tree", path);
  }

  newestMtime(path: string, seconds: number): void {
    this.add("mtime", path, String(seconds));
  }
}
