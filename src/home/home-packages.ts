/**
 * A standalone home's `home.packages`, realised: the packages that are
 * system-manager packages (values of `pkgs.<attr>`) are named in
 * `home-packages.json`, so two configurations that differ only in their
 * packages make different generations, and the generation's `home-path`
 * is the profile holding them. For our own home modules that profile is
 * buildProfile's (bin/ and share/ of the realised packages, as the
 * system's per-user profiles); for the real home-manager it is its own
 * `home.path` (`pkgs.buildEnv` over every `home.packages` entry, its
 * hm-session-vars.sh included), built by the same machinery a system
 * build uses (real-home-path.ts).
 */
import { existsSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { toJS } from "../nix/js-value.ts";
import { force, isString, NixAttrs, stringText, type Lazy } from "../nix/value.ts";
import type { EvalStore } from "../nix/eval-store.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { buildProfile } from "../packages/profile.ts";
import type { PackageLookup } from "../packages/package-set.ts";
import { realiseStorePaths } from "../packages/nixpkgs/realise.ts";
import { stringContexts } from "../packages/nixpkgs/string-contexts.ts";
import { STORE_DIR } from "../store/store-path.ts";

export interface HomePackage {
  readonly attr: string;
  readonly outPath: string;
}

/** The system-manager packages of a `home.packages` list (a Nix list of package values). */
export function homePackagesOf(list: Lazy | undefined): HomePackage[] {
  const v = list === undefined ? [] : force(list);
  if (!Array.isArray(v)) return [];
  const out: HomePackage[] = [];
  for (const p of v as Lazy[]) {
    const pkg = force(p);
    if (!(pkg instanceof NixAttrs) || pkg.has("drvPath")) continue;
    const pname = pkg.get("pname");
    if (pname === undefined || !isString(pname)) continue;
    out.push({ attr: stringText(pname), outPath: String(toJS(pkg.lazy("outPath") as Lazy)) });
  }
  return out;
}

/** Resolves `pkgs.<attr>` and makes packages exist in the store (a PackageSession). */
export interface PackageRealiser extends PackageLookup {
  realise(outPaths: readonly string[]): Promise<unknown>;
  /** Throws every package looked up that no provider can give (PackageSession's). */
  throwUnavailable(): void;
  /** A build's error after those packages (PackageSession's). */
  withUnavailable(e: unknown): unknown;
  /** Where the options are that may hold such a package (PackageSession's). */
  optionsIn(config: Lazy): void;
}

/** Where a home's packages are realised: the user's store, the evaluation's store, the package session. */
export interface HomeRealisation {
  readonly storeRoot: string;
  readonly store?: EvalStore;
  readonly storeCopies?: readonly { readonly name: string; readonly tree: FileTree }[];
  /** Without one, packages are only recorded (and profiled when already in the store). */
  readonly packages?: PackageRealiser;
}

/** Makes what `values` refer to exist in the user's store: builders run, Debian packages realised by the session. */
export async function realiseReferences(r: HomeRealisation, values: readonly Lazy[]): Promise<void> {
  const session = r.packages;
  if (session === undefined) return;
  const contexts = stringContexts(values, r.store?.storeDir ?? STORE_DIR);
  // The walk looked up the packages the values name: nothing is built while one of them cannot be had.
  session.throwUnavailable();
  await realiseStorePaths(contexts, {
    root: r.storeRoot,
    stores: r.store === undefined ? [] : [r.store],
    storeCopies: r.storeCopies,
    realiseOther: async (paths) => void (await session.realise(paths)),
  });
}

/** Our own modules' home-path: buildProfile of `home.packages` (packages and derivations) that are in the store once realised. */
export async function profileOfPackages(r: HomeRealisation, user: string, list: Lazy | undefined): Promise<string | undefined> {
  const values = list === undefined ? [] : (force(list) as Lazy[]);
  const outPathOf = (v: Lazy): string[] => {
    const p = force(v);
    return p instanceof NixAttrs && p.has("outPath") ? [String(toJS(p.lazy("outPath") as Lazy))] : [];
  };
  const outPaths = [...new Set(values.flatMap(outPathOf))];
  if (outPaths.length === 0) return undefined;
  await realiseReferences(r, values);
  const present = outPaths.filter((p) => existsSync(join(r.storeRoot, p)));
  return present.length === 0 ? undefined : buildProfile(r.storeRoot, `home-manager-${user}`, present);
}

/** home-packages.json (when any package is asked for) and the home-path link (when there is a profile). */
export function homePathEntries(packages: readonly HomePackage[], profile: string | undefined): FileTree {
  const entries = new Map<string, TreeEntry>();
  if (packages.length > 0) entries.set("home-packages.json", { kind: "file", content: Buffer.from(JSON.stringify(packages, null, 2) + "\n"), executable: false });
  if (profile !== undefined) entries.set("home-path", { kind: "symlink", target: profile });
  return entries;
}

/**
 * When the generation's home-path is in the user's own store but not at
 * its store path on this host, what to tell the user: the programs there
 * name the store directory, so they do not run from the per-user store.
 */
export function unreachableProfileNote(storeRoot: string, generation: string): string | undefined {
  let profile: string;
  try {
    profile = readlinkSync(join(storeRoot, generation, "home-path"));
  } catch {
    return undefined;
  }
  if (storeRoot === "/" || existsSync(profile)) return undefined;
  return `home.packages are in your own store (${storeRoot}); their programs refer to ${STORE_DIR}, where this host does not have them, so they run only where that store is seen at ${STORE_DIR}. Install packages through the system configuration to have them on PATH.`;
}
