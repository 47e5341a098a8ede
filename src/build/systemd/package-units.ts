/**
 * The units `systemd.packages` ship, as NixOS's generateUnits links them:
 * every file under each package's etc/systemd/system and
 * lib/systemd/system (`.wants` directories left out; the first package
 * naming a file wins), each linked from the generation's unit directory to
 * the package's file. A link inside a package to a sibling (`foo.service
 * -> bar.service`, an alias) is kept as it is, so systemd still sees an
 * alias. The packages are in the store when the generation is computed
 * (the build realises what the configuration refers to first).
 */
import type { TreeEntry } from "../../store/file-tree.ts";
import { nixToString } from "./nix-to-string.ts";

/** The files under a directory of a package, by relative path; undefined when it has no such directory. */
export type UnitDirReader = (dir: string) => ReadonlyMap<string, TreeEntry> | undefined;

export interface PackagedUnit {
  /** What the generation's unit directory holds at this path. */
  readonly entry: TreeEntry;
  /** The unit file's text, when the package holds a regular file there. */
  readonly text?: string;
}

const UNIT_DIRS = ["etc/systemd/system", "lib/systemd/system"];

/** By path relative to the unit directory (`foo.service`, `foo.service.d/x.conf`). */
export function packageUnits(packages: readonly unknown[], read: UnitDirReader | undefined): Map<string, PackagedUnit> {
  const out = new Map<string, PackagedUnit>();
  if (read === undefined) return out;
  for (const pkg of [...new Set(packages.map(nixToString))]) {
    for (const dir of UNIT_DIRS) {
      const files = read(`${pkg}/${dir}`);
      for (const [rel, e] of files ?? []) {
        if (rel === "" || (rel.split("/")[0] as string).endsWith(".wants") || out.has(rel)) continue;
        const sibling = e.kind === "symlink" && !e.target.includes("/");
        const entry: TreeEntry = sibling ? e : { kind: "symlink", target: `${pkg}/${dir}/${rel}` };
        out.set(rel, e.kind === "file" ? { entry, text: e.content.toString("utf8") } : { entry });
      }
    }
  }
  return out;
}
