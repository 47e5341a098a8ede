/**
 * The Debian archive provider (the default on Debian and Ubuntu): resolves
 * `pkgs.<attr>` with apt in a private root, pins every .deb of the closure
 * in the lock, and realises packages into our store: one patched store
 * path per .deb plus an output path (bin/, share/, wrappers) per package.
 * It patches with Debian's patchelf from the same archive, pinned in the
 * lock like a package (resolveTool), so the host needs only apt and dpkg.
 * A package the host's release lacks (or ships too old) is taken from a
 * newer release (releases.ts, release-choice.ts), each release with its
 * own private apt root.
 */
import { existsSync, readFileSync } from "node:fs";
import { UserError } from "../../diagnostics/user-error.ts";
import { PackageUnavailable } from "../package-unavailable.ts";
import { closeNames } from "../close-names.ts";
import { knownNames } from "../known-names.ts";
import { LOCK_FILE, type AptSource, type DebianPin, type Lock, type LockedDeb, type LockedPackage, type LockedTool, type ToolName } from "../lock.ts";
import { attrForDebian, debianNameFor, mainProgramFor, nameEntryFor, NAMES, type NameTable } from "../names.ts";
import type { Progress } from "../progress.ts";
import type { Detection, LockedItem, PackageProvider, RealiseStats, Resolution, ResolveOptions } from "../provider.ts";
import { onPath } from "../run.ts";
import { AptRoot } from "./apt-root.ts";
import { outputStorePath, type DebianPins, type OutputRecipe } from "./closure.ts";
import { FIXUPS, type FixupTable } from "./fixups.ts";
import { realiseOutput } from "./package-output.ts";
import { aptOfKeys } from "./apt-of-keys.ts";
import type { Parallelism } from "./parallelism.ts";
import { realiseDebs } from "./realise-debs.ts";
import { chooseRelease, releasesToTry } from "./release-choice.ts";
import { describeRelease, NEWER_RELEASES, releaseOf, sourcesOfRelease } from "./releases.ts";
import { PackageNotFound, resolveDebian } from "./resolve.ts";
import { ToolPresolve } from "./tool-presolve.ts";
import { defaultSources, parseOsRelease } from "./sources.ts";

export interface DebianProviderOptions {
  readonly root: string;
  readonly arch: string;
  /** The archive to resolve in when the lock pins none (default: the host's distribution). */
  readonly sources?: readonly AptSource[];
  /** Pinned sources (from the lock); they win over `sources` unless `repin` is set. */
  readonly locked?: Lock["debian"];
  readonly repin?: boolean;
  /** Fetch the lists once before the first resolution, whatever their age (`update`). */
  readonly refreshLists?: boolean;
  /** Lists older than this are fetched again before resolving (default: 24 hours). */
  readonly maxListAgeMs?: number;
  readonly osRelease?: string;
  readonly names?: NameTable;
  readonly fixups?: FixupTable;
  /** The releases to look in after the archive's own (default: NEWER_RELEASES of its release). */
  readonly newerReleases?: readonly string[];
  readonly note?: (message: string) => void;
  /** How much of a realisation runs at once (tests vary it; the results never depend on it). */
  readonly parallelism?: Partial<Parallelism>;
}

/** What the host must have; patchelf comes from the archive. */
const TOOLS = ["apt-get", "apt-cache", "dpkg-deb"];

export interface ToolResolution {
  readonly tool: LockedTool;
  readonly debs: Readonly<Record<string, LockedDeb>>;
  readonly debian: DebianPin;
}

export class DebianProvider implements PackageProvider {
  readonly id = "debian" as const;
  readonly #o: DebianProviderOptions;
  readonly #apt = new Map<string, AptRoot>();
  readonly #listsChecked = new Set<string>();
  readonly #presolve: ToolPresolve;

  constructor(o: DebianProviderOptions) {
    this.#o = o;
    this.#presolve = new ToolPresolve(o.locked?.tools === undefined);
  }

  #osRelease(): Record<string, string> {
    const text = this.#o.osRelease ?? (existsSync("/etc/os-release") ? readFileSync("/etc/os-release", "utf8") : "");
    return parseOsRelease(text);
  }

  detect(): Detection {
    const missing = TOOLS.filter((t) => !onPath(t));
    if (missing.length > 0) return { usable: false, reason: `the Debian provider needs ${missing.join(", ")} (Debian's apt and dpkg packages)` };
    if (this.#o.sources !== undefined || this.#o.locked !== undefined) return { usable: true, reason: "apt and dpkg-deb are installed" };
    const d = defaultSources(this.#osRelease());
    return "reason" in d ? { usable: false, reason: d.reason } : { usable: true, reason: `the host is Debian-based (${d.sources[0]?.suites[0]})` };
  }

  #sources(): readonly AptSource[] {
    if (this.#o.locked !== undefined && this.#o.locked.arch === this.#o.arch && this.#o.repin !== true) return this.#o.locked.sources;
    if (this.#o.sources !== undefined) return this.#o.sources;
    const d = defaultSources(this.#osRelease());
    if ("reason" in d) throw new UserError(`Cannot use the Debian archive: ${d.reason}`);
    return d.sources;
  }

  /** The releases packages are taken from here: the archive's own, then the newer ones. */
  releases(): string[] {
    const own = releaseOf(this.#sources());
    return [own, ...(this.#o.newerReleases ?? NEWER_RELEASES[own] ?? [])];
  }

  #sourcesOf(release: string): readonly AptSource[] {
    const own = this.#sources();
    if (release === releaseOf(own)) return own;
    const locked = this.#o.locked;
    const pinned = locked !== undefined && locked.arch === this.#o.arch && this.#o.repin !== true ? locked.releases?.[release] : undefined;
    return pinned ?? sourcesOfRelease(own, release);
  }

  /** The private apt root of a release (default: the archive's own). */
  apt(release: string = releaseOf(this.#sources())): AptRoot {
    let apt = this.#apt.get(release);
    if (apt === undefined) this.#apt.set(release, (apt = new AptRoot(this.#o.root, this.#o.arch, this.#sourcesOf(release))));
    return apt;
  }

  /** Fetches the lists when missing, stale, or asked to; stale lists are kept when the archive is unreachable. */
  #freshLists(subject: string, hint: () => string = () => "", release?: string): AptRoot {
    const apt = this.apt(release);
    apt.prepare();
    if (this.#listsChecked.has(apt.dir)) return apt;
    this.#listsChecked.add(apt.dir);
    const age = apt.listsAge();
    if (age !== undefined && this.#o.refreshLists !== true && age < (this.#o.maxListAgeMs ?? 24 * 3600 * 1000)) return apt;
    this.#o.note?.(`fetching the package lists of ${apt.describe()}`);
    try {
      apt.update();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      if (age !== undefined && this.#o.refreshLists !== true) {
        this.#o.note?.(`warning: using package lists from ${Math.round(age / 3600000)} hours ago: ${e.message.split("\n")[0]}`);
        return apt;
      }
      throw new UserError(`Cannot resolve ${subject}: it is not in ${LOCK_FILE} and ${e.message.replace(/^Cannot /, "cannot ")}${hint()}`);
    }
    return apt;
  }

  resolve(attr: string, opts: ResolveOptions = {}): Resolution {
    const name = debianNameFor(attr, this.#o.names ?? NAMES);
    const allowed = this.releases();
    if (opts.release !== undefined && !allowed.includes(opts.release)) {
      const newer = allowed.length > 1 ? ` and the newer ${allowed.slice(1).join(", ")}` : "; system-manager knows no newer release of it";
      throw new UserError(`Cannot take pkgs.${attr} from '${opts.release}': packages come from the archive's release, ${allowed[0]}${newer}`);
    }
    const hint = () => {
      const close = closeNames(attr, knownNames());
      return close.length > 0 ? `\n(known names close to it: ${close.join(", ")})` : "";
    };
    const tried = releasesToTry(allowed, opts.release, opts.previous);
    const label = (release: string) => describeRelease(this.#sourcesOf(release), release);
    try {
      const choice = chooseRelease(attr, name, tried, (release) => {
        const apt = this.#freshLists(`pkgs.${attr}`, hint, release);
        return resolveDebian(apt, name.package, this.#presolve.take(apt, name.package, this.apt()));
      }, label);
      if (choice.note !== undefined) this.#o.note?.(choice.note);
      const r = choice.resolution;
      const entry: LockedPackage = { provider: "debian", release: choice.release, package: name.package, version: r.version, deb: r.deb, closure: Object.keys(r.debs).sort() };
      const releases = choice.release === allowed[0] ? {} : { releases: { [choice.release]: this.apt(choice.release).sources } };
      return { entry, debs: r.debs, debian: { arch: this.#o.arch, sources: this.#sources(), ...releases } };
    } catch (e) {
      if (!(e instanceof PackageNotFound)) throw e;
      const apt = this.apt(tried[0]);
      const names = this.#o.names ?? NAMES;
      const known = new Set(tried.flatMap((r) => [...this.apt(r).packageNames()]));
      // Suggested as the attribute was written: postgresql_16 is near postgresql_15, the attribute of postgresql-15.
      const underscored = attr.includes("_") && name.package === attr.replace(/_/g, "-");
      const asAttr = (n: string) => (underscored ? n.replace(/-/g, "_") : n);
      const candidates = [...Object.keys(names), ...[...known].flatMap((n) => [asAttr(n), attrForDebian(n, names)])];
      const close = closeNames(attr, candidates);
      const which = name.package === attr ? "" : ` (Debian's '${name.package}')`;
      const nor = tried.slice(1).map((r) => `, nor has ${label(r)}`).join("");
      throw new PackageUnavailable(`Cannot find pkgs.${attr}${which}: ${apt.describe()} has no such package${nor}${close.length > 0 ? `; close names: ${close.join(", ")}` : ""}`);
    }
  }

  /** Resolves a tool the provider runs (patchelf) in the same archive as its packages, to pin it in the lock. */
  resolveTool(name: ToolName): ToolResolution {
    const subject = `${name} (the Debian provider patches every package with it)`;
    const apt = this.#freshLists(subject);
    try {
      const r = resolveDebian(apt, name, this.#presolve.take(apt, name, apt));
      const tool: LockedTool = { package: name, version: r.version, deb: r.deb, closure: Object.keys(r.debs).sort() };
      return { tool, debs: r.debs, debian: { arch: this.#o.arch, sources: apt.sources } };
    } catch (e) {
      if (!(e instanceof PackageNotFound)) throw e;
      throw new UserError(`Cannot resolve ${subject} in ${apt.describe()}: the archive has no package '${name}' (Debian's and Ubuntu's main archives have it)`);
    }
  }

  /** The lock's Debian pins, which must include the patchelf a build patches with (a session pins it on lookup). */
  pins(lock: Lock): DebianPins {
    const tool = lock.debian?.tools?.patchelf;
    if (tool === undefined) throw new UserError(`Cannot compute the store paths of Debian packages: ${LOCK_FILE} pins no patchelf to patch them with; run 'system-manager update'`);
    return { debs: lock.debs, patchelf: tool.closure };
  }

  recipe(item: LockedItem): OutputRecipe {
    const e = item.entry;
    if (e.provider !== "debian") throw new Error(`${item.attr} is not a Debian package`);
    const table = nameEntryFor(item.attr, this.#o.names ?? NAMES)?.debian;
    const name = table !== undefined && table !== null && table.package === e.package ? table : { package: e.package };
    return { attr: item.attr, name, deb: e.deb, closure: e.closure, fixup: (this.#o.fixups ?? FIXUPS)[e.package] };
  }

  outPath(item: LockedItem, lock: Lock): string {
    return outputStorePath(this.recipe(item), this.pins(lock));
  }

  mainProgram(item: LockedItem): string {
    return mainProgramFor(item.attr, this.#o.names ?? NAMES);
  }

  async realise(items: readonly LockedItem[], lock: Lock, progress: Progress): Promise<RealiseStats> {
    if (items.length === 0 || lock.debian === undefined) return { downloaded: 0, unpacked: 0, outputs: 0 };
    const pinned = lock.debian;
    const missing = TOOLS.filter((t) => !onPath(t));
    if (missing.length > 0) throw new UserError(`Cannot realise ${items.map((i) => `pkgs.${i.attr}`).join(", ")}: the Debian provider needs ${missing.join(", ")}, which Debian's apt and dpkg packages install`);
    const pins = this.pins(lock);
    const patchelf = pinned.tools?.patchelf as LockedTool;
    const keys = items.flatMap((i) => (i.entry.provider === "debian" ? i.entry.closure : []));
    const apt = aptOfKeys(this.#o.root, pinned, items);
    const debs = await realiseDebs(keys, { root: this.#o.root, arch: pinned.arch, pins, patchelf, apt, progress, parallelism: this.#o.parallelism });
    let outputs = 0;
    for (const item of items) if (realiseOutput(this.#o.root, this.recipe(item), pins).created) outputs++;
    return { ...debs, outputs };
  }

  references(): undefined {
    return undefined;
  }
}
