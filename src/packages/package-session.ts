/**
 * One build's view of the packages: the lock, the providers, and what the
 * configuration asked for. `lookup` answers `pkgs.<attr>` while the
 * configuration is evaluated: from the lock when it pins the attribute,
 * else by resolving it now (with the chosen provider) and adding it to the
 * lock. `realise` then makes the requested store paths exist, and
 * `saveLock` writes the lock back when it changed. The Debian provider's
 * own tool (patchelf) is pinned with the first Debian package looked up
 * (a version-1 lock has none), kept while the archive stays the same, and
 * pinned again by a full `update`. `update --release R NAME…` takes the
 * NAMEs from release R (a newer Debian release), locked or not yet.
 * An attribute of the prebuilt table (Bun) is upstream's binary
 * (prebuilt/provider.ts) unless Nix provides packages.
 */
import type { Lazy } from "../nix/value.ts";
import type { Span } from "../diagnostics/location.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { requestsOnly } from "./build-packages.ts";
import { PackageUnavailable } from "./package-unavailable.ts";
import { optionsHolding } from "./options-holding.ts";
import { DebianProvider, type DebianProviderOptions } from "./debian/provider.ts";
import { debianArch } from "./debian/sources.ts";
import { pinTools, toolChanges, withTools } from "./debian/tools.ts";
import { EMPTY_LOCK, pruneLock, readLock, serialiseLock, writeLock, type Lock, type LockedPackage, type ProviderId } from "./lock.ts";
import { NixProvider } from "./nix-provider.ts";
import { storeName } from "./input-path.ts";
import { PrebuiltProvider, type PrebuiltProviderOptions } from "./prebuilt/provider.ts";
import { silentProgress, type Progress } from "./progress.ts";
import type { LockedItem, PackageProvider, RealiseStats, ResolveOptions } from "./provider.ts";

export interface PackageSessionOptions {
  /** The target root: the store, caches and the private apt root live under it. */
  readonly root: string;
  /** `system-manager.lock` beside the configuration (see lockPathFor). */
  readonly lockPath: string;
  /** Who resolves packages the lock does not pin: "auto" is Nix when it evaluates nixpkgs, else Debian. */
  readonly provider?: "auto" | ProviderId;
  readonly progress?: Progress;
  /** Debian provider settings (tests point `sources` at a local archive). */
  readonly debian?: Omit<DebianProviderOptions, "root" | "arch" | "locked">;
  readonly nix?: { readonly binDir?: string };
  /** Prebuilt provider settings (tests serve their own registry). */
  readonly prebuilt?: Omit<PrebuiltProviderOptions, "root" | "system" | "offline">;
  /** --offline: downloads come only from the caches. */
  readonly offline?: boolean;
  /** --verbose: how each package was resolved (from the lock, or now) and its store path. */
  readonly debug?: (line: string) => void;
}

/** What a package value shows a configuration. */
export interface PackageInfo {
  readonly attr: string;
  readonly provider: ProviderId;
  readonly name: string;
  readonly version: string;
  readonly outPath: string;
  readonly mainProgram: string;
  /** No provider can give it: a request the build reports (throwUnavailable) and never realises. */
  readonly unavailable?: true;
}

export interface LockChange {
  readonly attr: string;
  readonly before: string | undefined;
  readonly after: string;
}

function describe(e: LockedPackage | undefined): string | undefined {
  return e === undefined ? undefined : `${e.package} ${e.version} (${e.provider === "debian" ? `debian ${e.release}` : e.provider})`;
}

export class PackageSession {
  readonly #o: PackageSessionOptions;
  #original: string;
  #lock: Lock;
  /** Attributes looked up in this session, with the system they were looked up for. */
  readonly #used = new Map<string, string>();
  readonly #debian = new Map<string, DebianProvider>();
  #nix: NixProvider | undefined;
  readonly #prebuilt = new Map<string, PrebuiltProvider>();
  /** Attributes no provider could give, with why (and where the configuration selected them). */
  readonly #unavailable = new Map<string, PackageUnavailable>();
  /** Evaluated configurations whose options may hold those (optionsIn). */
  readonly #optionRoots: Lazy[] = [];

  constructor(o: PackageSessionOptions) {
    this.#o = o;
    this.#lock = readLock(o.lockPath);
    this.#original = this.#lock === EMPTY_LOCK ? "" : serialiseLock(this.#lock);
  }

  get lock(): Lock {
    return this.#lock;
  }

  debianProvider(arch: string): DebianProvider {
    let p = this.#debian.get(arch);
    if (p === undefined) {
      const note = (m: string) => (this.#o.progress ?? silentProgress).note(m);
      p = new DebianProvider({ note, ...this.#o.debian, root: this.#o.root, arch, locked: this.#lock.debian });
      this.#debian.set(arch, p);
    }
    return p;
  }

  nixProvider(): NixProvider {
    return (this.#nix ??= new NixProvider({ root: this.#o.root, binDir: this.#o.nix?.binDir }));
  }

  prebuiltProvider(system: string): PrebuiltProvider {
    let p = this.#prebuilt.get(system);
    if (p === undefined) this.#prebuilt.set(system, (p = new PrebuiltProvider({ ...this.#o.prebuilt, root: this.#o.root, system, offline: this.#o.offline === true })));
    return p;
  }

  #provider(id: ProviderId, system: string): PackageProvider {
    return id === "nix" ? this.nixProvider() : id === "prebuilt" ? this.prebuiltProvider(system) : this.debianProvider(debianArch(system));
  }

  /** Who resolves `attr`: the prebuilt provider for its attributes unless Nix is asked for or (auto) works here, else `choose`'s. */
  #resolver(attr: string, system: string): PackageProvider {
    const wanted = this.#o.provider ?? "auto";
    const prebuilt = wanted !== "nix" && this.prebuiltProvider(system).binary(attr) !== undefined;
    if (prebuilt && (wanted !== "auto" || !this.nixProvider().detect().usable)) return this.prebuiltProvider(system);
    return this.choose(system);
  }

  /** The provider that resolves attributes not yet locked. */
  choose(system: string): PackageProvider {
    const wanted = this.#o.provider ?? "auto";
    if (wanted !== "auto") return this.#provider(wanted, system);
    const nix = this.nixProvider().detect();
    if (nix.usable) return this.nixProvider();
    const debian = this.debianProvider(debianArch(system)).detect();
    if (debian.usable) return this.debianProvider(debianArch(system));
    throw new UserError(`Cannot provide packages on this host: no package provider works here.\n  nix: ${nix.reason}\n  debian: ${debian.reason}`);
  }

  #resolve(attr: string, system: string, opts: ResolveOptions = {}): void {
    const r = this.#resolver(attr, system).resolve(attr, { ...opts, previous: this.#lock.packages[attr] });
    const debs = { ...this.#lock.debs, ...(r.debs ?? {}) };
    this.#lock = { ...this.#lock, ...(r.debian === undefined ? {} : { debian: withTools(this.#lock, r.debian) }), packages: { ...this.#lock.packages, [attr]: r.entry }, debs };
  }

  /** Pins the Debian provider's tools when the lock has none for its archive, or again when `again` (a full update). */
  #pinTools(system: string, again: boolean): void {
    if (again || this.#lock.debian?.tools === undefined) this.#lock = pinTools(this.#lock, this.debianProvider(debianArch(system)));
  }

  #stale(entry: LockedPackage, system: string): boolean {
    if (entry.provider === "prebuilt") return entry.system !== system;
    return entry.provider === "debian" && this.#lock.debian?.arch !== debianArch(system);
  }

  /**
   * `pkgs.<attr>` for `system`. An attribute no provider can give
   * (PackageUnavailable) is recorded, placed at `site`, and answered as a
   * request (a store path never realised), so that the evaluation goes on
   * and finds the others: `throwUnavailable()` throws them all.
   */
  lookup(attr: string, system: string, site?: Span): PackageInfo {
    let entry = this.#lock.packages[attr];
    const fresh = entry === undefined || this.#stale(entry, system);
    if (fresh) {
      const known = this.#unavailable.get(attr);
      if (known !== undefined) {
        // Placed at the first site known (a lookup of the build's own may come before the configuration's).
        this.#unavailable.set(attr, known.at(site));
        return { ...requestsOnly.lookup(attr, system), unavailable: true };
      }
      try {
        this.#resolve(attr, system);
      } catch (e) {
        if (!(e instanceof PackageUnavailable)) throw e;
        this.#unavailable.set(attr, e.at(site));
        return { ...requestsOnly.lookup(attr, system), unavailable: true };
      }
      entry = this.#lock.packages[attr] as LockedPackage;
    }
    const first = !this.#used.has(attr);
    // Debian store paths hash the patchelf they are patched with: it is pinned before the first one is computed.
    if (entry.provider === "debian") this.#pinTools(system, false);
    this.#used.set(attr, system);
    const item = { attr, entry };
    const p = this.#provider(entry.provider, system);
    const version = entry.version.replace(/^\d+:/, "");
    // A name is a store path name, as nixpkgs' are (derivations are named after it): Debian's "1.19~1" gives "go-1.19_1".
    const name = entry.provider === "nix" ? entry.name : storeName(attr, version);
    const outPath = p.outPath(item, this.#lock);
    if (first) this.#o.debug?.(`package ${attr}: ${describe(entry)}, ${fresh ? "resolved now" : "as locked"}: ${outPath}`);
    return { attr, provider: entry.provider, name, version, outPath, mainProgram: p.mainProgram(item) };
  }

  /** Throws every package looked up so far that no provider can give (one error, or all of them together); nothing when there is none. */
  throwUnavailable(): void {
    const e = this.withUnavailable(undefined);
    if (e !== undefined) throw e;
  }

  /**
   * `e` (a user error of the build that looked packages up; undefined for
   * none) after every package no provider could give, which may well be
   * its cause; `e` itself when there is none.
   */
  withUnavailable(e: unknown): unknown {
    if (this.#unavailable.size === 0 || (e !== undefined && !(e instanceof UserError))) return e;
    const ours = this.#withOptions();
    const others = (e === undefined ? [] : e instanceof UserErrors ? e.errors : [e as UserError]).filter((x) => !ours.some((u) => u.message === x.message));
    const all = [...ours, ...others];
    return all.length === 1 ? all[0] : new UserErrors(all);
  }

  /** Names `config` (an evaluated configuration's) as where the options are that may hold a package no provider can give. */
  optionsIn(config: Lazy): void {
    this.#optionRoots.push(config);
  }

  /** The packages no provider can give; one the configuration does not select in its own files names the options holding it (options-holding.ts). */
  #withOptions(): PackageUnavailable[] {
    const unplaced = new Set([...this.#unavailable].filter(([, e]) => e.location === undefined && e.context.length === 0).map(([attr]) => attr));
    if (unplaced.size > 0) {
      for (const root of this.#optionRoots) {
        let holding: Map<string, string[]>;
        try {
          holding = optionsHolding(root, unplaced);
        } catch {
          // Only computed values are looked at; a configuration that fails anyway is reported without the options.
          continue;
        }
        for (const [attr, options] of holding) {
          const e = this.#unavailable.get(attr) as PackageUnavailable;
          this.#unavailable.set(attr, e.heldBy(options));
          unplaced.delete(attr);
        }
      }
    }
    return [...this.#unavailable.values()];
  }

  /** Resolves `attrs` again (every locked one when empty), from `release` when given (then they need not be locked yet); returns what changed. */
  refresh(attrs: readonly string[], system: string, opts: { release?: string } = {}): LockChange[] {
    const locked = Object.keys(this.#lock.packages);
    if (opts.release !== undefined && attrs.length === 0) throw new UserError(`Cannot update with --release ${opts.release}: name the packages to take from it`);
    const unknown = attrs.filter((a) => !locked.includes(a));
    if (unknown.length > 0 && opts.release === undefined) {
      throw new UserError(`Cannot update ${unknown.join(", ")}: not in ${this.#o.lockPath} (locked: ${locked.join(", ") || "nothing"}); a build adds packages the configuration uses`);
    }
    const changes: LockChange[] = [];
    const pinBefore = this.#lock.debian;
    for (const attr of attrs.length > 0 ? attrs : locked) {
      const before = describe(this.#lock.packages[attr]);
      this.#resolve(attr, system, { release: opts.release });
      this.#used.set(attr, system);
      const after = describe(this.#lock.packages[attr]) as string;
      if (before !== after) changes.push({ attr, before, after });
    }
    if (Object.values(this.#lock.packages).some((e) => e.provider === "debian")) {
      this.#pinTools(system, attrs.length === 0);
      changes.push(...toolChanges(pinBefore, this.#lock.debian));
    }
    return changes;
  }

  /** Realises the packages looked up so far whose output paths are in `outPaths` (all of them when omitted). */
  async realise(outPaths?: readonly string[]): Promise<RealiseStats> {
    const wanted = outPaths === undefined ? undefined : new Set(outPaths);
    const groups = new Map<string, { provider: PackageProvider; items: LockedItem[] }>();
    for (const [attr, system] of [...this.#used].sort()) {
      const info = this.lookup(attr, system);
      if (wanted !== undefined && !wanted.has(info.outPath)) continue;
      const key = `${info.provider} ${system}`;
      const group = groups.get(key) ?? { provider: this.#provider(info.provider, system), items: [] };
      group.items.push({ attr, entry: this.#lock.packages[attr] as LockedPackage });
      groups.set(key, group);
    }
    const total = { downloaded: 0, unpacked: 0, outputs: 0 };
    for (const { provider, items } of groups.values()) {
      const s = await provider.realise(items, this.#lock, this.#o.progress ?? silentProgress);
      total.downloaded += s.downloaded;
      total.unpacked += s.unpacked;
      total.outputs += s.outputs;
    }
    return total;
  }

  /** Writes the lock if it changed; `prune` keeps only the attributes looked up in this session. Returns whether it wrote. */
  saveLock(opts: { prune?: boolean } = {}): boolean {
    const next = pruneLock(this.#lock, opts.prune === true ? this.#used.keys() : Object.keys(this.#lock.packages));
    const text = serialiseLock(next);
    if (text === this.#original || (this.#original === "" && Object.keys(next.packages).length === 0)) return false;
    writeLock(this.#o.lockPath, next);
    this.#original = text;
    return true;
  }
}
