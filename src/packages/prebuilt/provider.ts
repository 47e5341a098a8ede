/**
 * The prebuilt provider: `pkgs.<attr>` for the attributes of
 * ./table.ts (Bun, and Node.js's nodejs-slim_N), upstream's release
 * binaries where Debian has no package that runs from the store. Resolving pins the table's version,
 * the archive's URL under the registry (injected: tests serve their own)
 * and its integrity in the lock, for one system; realising downloads the
 * archive into the cache (or takes it from there, --offline only from
 * there), checks its integrity, and unpacks the program into a store path
 * shaped like nixpkgs' (./prebuilt-output.ts). One provider per system.
 */
import { UserError } from "../../diagnostics/user-error.ts";
import { PackageUnavailable } from "../package-unavailable.ts";
import { keptInStore } from "../../store/write-store-path.ts";
import type { Lock } from "../lock.ts";
import type { Progress } from "../progress.ts";
import type { Detection, LockedItem, PackageProvider, RealiseStats, Resolution } from "../provider.ts";
import { fetchArchive, type Download } from "./fetch-archive.ts";
import { prebuiltStorePath, realisePrebuilt, type PrebuiltRecipe } from "./prebuilt-output.ts";
import { NPM_REGISTRY, PREBUILT, prebuiltFor, type PrebuiltBinary, type PrebuiltTable } from "./table.ts";

export interface PrebuiltProviderOptions {
  readonly root: string;
  /** The system packages are for: `x86_64-linux`. */
  readonly system: string;
  /** The registry's base URL (default: npm's). */
  readonly registry?: string;
  /** Only the download cache: a missing archive is an error. */
  readonly offline?: boolean;
  readonly table?: PrebuiltTable;
  readonly download?: Download;
}

export class PrebuiltProvider implements PackageProvider {
  readonly id = "prebuilt" as const;
  readonly #o: PrebuiltProviderOptions;

  constructor(o: PrebuiltProviderOptions) {
    this.#o = o;
  }

  /** The table's entry for `attr`, if it is one of its attributes. */
  binary(attr: string): PrebuiltBinary | undefined {
    return prebuiltFor(attr, this.#o.table ?? PREBUILT);
  }

  detect(): Detection {
    return { usable: true, reason: `upstream's prebuilt binaries of ${Object.keys(this.#o.table ?? PREBUILT).join(", ")}, from ${this.#o.registry ?? NPM_REGISTRY}` };
  }

  resolve(attr: string): Resolution {
    const b = this.binary(attr);
    if (b === undefined) throw new PackageUnavailable(`Cannot use pkgs.${attr}: it is not one of the prebuilt binaries system-manager knows (${Object.keys(this.#o.table ?? PREBUILT).join(", ")})`);
    const a = b.archives[this.#o.system];
    if (a === undefined) throw new PackageUnavailable(`Cannot use pkgs.${attr} on ${this.#o.system}: ${b.origin} is published for ${Object.keys(b.archives).join(" and ")} only`);
    const url = `${(this.#o.registry ?? NPM_REGISTRY).replace(/\/+$/, "")}/${a.path}`;
    return { entry: { provider: "prebuilt", package: a.package, version: b.version, system: this.#o.system, url, integrity: a.integrity } };
  }

  recipe(item: LockedItem): PrebuiltRecipe {
    const e = item.entry;
    if (e.provider !== "prebuilt") throw new Error(`${item.attr} is not a prebuilt package`);
    const b = this.binary(item.attr);
    if (b === undefined) throw new UserError(`Cannot use pkgs.${item.attr} as locked (prebuilt ${e.package} ${e.version}): this system-manager has no prebuilt ${item.attr}; run 'system-manager update ${item.attr}'`);
    const member = b.archives[e.system]?.member ?? Object.values(b.archives)[0]?.member ?? "";
    return { attr: item.attr, system: e.system, package: e.package, version: e.version, url: e.url, integrity: e.integrity, member, program: b.program, links: b.links, ...(b.dirs === undefined ? {} : { dirs: b.dirs }), ...(b.completions === undefined ? {} : { completions: b.completions }) };
  }

  outPath(item: LockedItem, _lock: Lock): string {
    return prebuiltStorePath(this.recipe(item));
  }

  mainProgram(item: LockedItem): string {
    return this.binary(item.attr)?.program ?? item.attr;
  }

  async realise(items: readonly LockedItem[], _lock: Lock, progress: Progress): Promise<RealiseStats> {
    const stats = { downloaded: 0, unpacked: 0, outputs: 0 };
    const needed = items.map((i) => this.recipe(i)).filter((r) => !keptInStore(this.#o.root, prebuiltStorePath(r)));
    if (needed.length === 0) return stats;
    // Every archive is had and checked before the first store path is written.
    const fetched: { recipe: PrebuiltRecipe; file: string }[] = [];
    const names = needed.map((r) => `${r.package} ${r.version}`).join(", ");
    const task = progress.task(this.#o.offline === true ? `taking ${names} from the download cache` : `fetching ${names}`, needed.length);
    for (const recipe of needed) {
      const { file, downloaded } = await fetchArchive(this.#o.root, recipe, { offline: this.#o.offline === true, ...(this.#o.download === undefined ? {} : { download: this.#o.download }) });
      if (downloaded) stats.downloaded++;
      fetched.push({ recipe, file });
      task.step(recipe.attr);
    }
    task.done();
    for (const { recipe, file } of fetched) {
      if ((await realisePrebuilt(this.#o.root, recipe, file)).created) stats.outputs++;
      stats.unpacked++;
    }
    return stats;
  }

  references(): undefined {
    return undefined;
  }
}
