/**
 * The build's one call for packages: realise every package a generation
 * names (system and per-user), check each is in a store, and build the
 * profiles: `system` (for /run/system-manager/sw) and one per user (for
 * /etc/profiles/per-user/<name>). Users without packages get no profile.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import type { StorePath } from "../store/store-path.ts";
import { buildProfile } from "./profile.ts";
import type { RealiseStats } from "./provider.ts";

export interface ManifestPackages {
  readonly system: readonly { readonly attr: string | null; readonly outPath: string }[];
  readonly users: Readonly<Record<string, readonly { readonly attr: string | null; readonly outPath: string }[]>>;
}

export interface Profiles {
  readonly system: StorePath;
  readonly users: Readonly<Record<string, StorePath>>;
}

export async function realiseProfiles(
  session: { realise(outPaths?: readonly string[]): Promise<RealiseStats> },
  root: string,
  packages: ManifestPackages,
): Promise<Profiles> {
  const all = [...packages.system, ...Object.values(packages.users).flat()];
  await session.realise([...new Set(all.map((p) => p.outPath))]);
  for (const p of all) {
    const here = p.outPath.startsWith("/nix/store/") ? existsSync(p.outPath) || existsSync(join(root, p.outPath)) : existsSync(join(root, p.outPath));
    if (!here) throw new UserError(`Cannot build the profiles: ${p.attr === null ? p.outPath : `pkgs.${p.attr} (${p.outPath})`} is not in the store`);
  }
  const users: Record<string, StorePath> = {};
  for (const [name, list] of Object.entries(packages.users).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (list.length > 0) users[name] = await buildProfile(root, name, list.map((p) => p.outPath));
  }
  return { system: await buildProfile(root, "system", packages.system.map((p) => p.outPath)), users };
}
