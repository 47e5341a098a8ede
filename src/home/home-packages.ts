/**
 * A standalone home's `home.packages`: the packages that are system-manager
 * packages (values of `pkgs.<attr>`, not derivations the configuration
 * made: home-manager's own hm-session-vars, manual and helpers are handled
 * as files or not at all), and the generation's `home-path`: the profile
 * of those in the store (bin/ and share/, as the system's per-user
 * profiles), beside `home-packages.json`, which names every package asked
 * for, realised or not, so two configurations that differ only in their
 * packages make different generations.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { toJS } from "../nix/js-value.ts";
import { force, isString, NixAttrs, stringText, type Lazy } from "../nix/value.ts";
import type { FileTree, TreeEntry } from "../store/file-tree.ts";
import { buildProfile } from "../packages/profile.ts";

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

/** Makes the packages exist in the store (a PackageSession's realise). */
export interface PackageRealiser {
  realise(outPaths: readonly string[]): Promise<unknown>;
}

/**
 * The generation entries for `packages`: home-packages.json always, and
 * home-path (a link to their profile) when any is in the store under
 * `storeRoot` (after `realiser` made them, when one is given).
 */
export async function homePathEntries(storeRoot: string, user: string, packages: readonly HomePackage[], realiser?: PackageRealiser): Promise<FileTree> {
  const entries = new Map<string, TreeEntry>();
  if (packages.length === 0) return entries;
  entries.set("home-packages.json", { kind: "file", content: Buffer.from(JSON.stringify(packages, null, 2) + "\n"), executable: false });
  const outPaths = [...new Set(packages.map((p) => p.outPath))];
  if (realiser !== undefined) await realiser.realise(outPaths);
  const present = outPaths.filter((p) => existsSync(join(storeRoot, p)));
  if (present.length > 0) entries.set("home-path", { kind: "symlink", target: await buildProfile(storeRoot, `home-manager-${user}`, present) });
  return entries;
}
