/**
 * The provider interface: where `pkgs.<attr>` comes from. A provider
 * tells whether it can work on this host (detect), resolves an attribute
 * to a lock entry (synchronously: it is asked while the configuration is
 * evaluated), computes the entry's store path from the lock alone (so
 * modules can interpolate it), realises entries into a store, and names
 * the store paths a path refers to (for gc).
 */
import type { Lock, LockedDeb, LockedPackage, ProviderId } from "./lock.ts";
import type { Progress } from "./progress.ts";

export interface Detection {
  readonly usable: boolean;
  /** Why it is (or is not) usable, for messages: "nix-instantiate is not on PATH". */
  readonly reason: string;
}

export interface Resolution {
  readonly entry: LockedPackage;
  /** Debian: the .debs of the entry's closure, to merge into the lock. */
  readonly debs?: Readonly<Record<string, LockedDeb>>;
  /** Debian: the archive the entry was resolved in. */
  readonly debian?: Lock["debian"];
}

export interface RealiseStats {
  readonly downloaded: number;
  readonly unpacked: number;
  readonly outputs: number;
}

export interface LockedItem {
  readonly attr: string;
  readonly entry: LockedPackage;
}

export interface ResolveOptions {
  /** Debian: the release to take it from (`update --release`), instead of the host's, then the newer ones. */
  readonly release?: string;
  /** What the lock pinned it to before (a release chosen once stays). */
  readonly previous?: LockedPackage;
}

export interface PackageProvider {
  readonly id: ProviderId;
  detect(): Detection;
  resolve(attr: string, opts?: ResolveOptions): Resolution;
  outPath(item: LockedItem, lock: Lock): string;
  /** The program `meta.mainProgram` names. */
  mainProgram(item: LockedItem): string;
  realise(items: readonly LockedItem[], lock: Lock, progress: Progress): Promise<RealiseStats>;
  /** Store paths `path` refers to, for gc; undefined when the provider does not own it. */
  references(path: string): readonly string[] | undefined;
}
