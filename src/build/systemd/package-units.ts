/**
 * The units `systemd.packages` ship, as NixOS's generateUnits links them:
 * every file under each package's etc/systemd/system and
 * lib/systemd/system (`.wants` directories left out; the first package
 * naming a file wins), each linked from the generation's unit directory to
 * the package's file. A link inside a package to a sibling (`foo.service
 * -> bar.service`, an alias) is kept as it is, so systemd still sees an
 * alias. A Debian package of `pkgs` (an output with bin/ and share/,
 * whose .system-manager/info.json names the package and its closure)
 * ships the units of its own .deb: its lib/systemd/system,
 * usr/lib/systemd/system and etc/systemd/system (they run the programs at
 * the paths Debian gives them, /usr/sbin/…, so the package must be
 * installed on the host for them to start). The packages are in the store
 * when the generation is computed (the build realises what the
 * configuration refers to first).
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
const DEB_UNIT_DIRS = ["etc/systemd/system", "lib/systemd/system", "usr/lib/systemd/system"];
const INFO = ".system-manager/info.json";

function json(read: UnitDirReader, path: string): Record<string, unknown> | undefined {
  const e = read(path)?.get("");
  if (e?.kind !== "file") return undefined;
  try {
    return JSON.parse(e.content.toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The directories that hold a package's units: its own, or for a Debian package output those of its .deb. */
function unitDirs(pkg: string, read: UnitDirReader): string[] {
  const info = json(read, `${pkg}/${INFO}`);
  const refs = Array.isArray(info?.references) ? (info.references as unknown[]).filter((r): r is string => typeof r === "string") : [];
  const deb = typeof info?.package === "string" ? refs.find((r) => json(read, `${r}/${INFO}`)?.name === info.package) : undefined;
  return deb === undefined ? UNIT_DIRS.map((d) => `${pkg}/${d}`) : DEB_UNIT_DIRS.map((d) => `${deb}/${d}`);
}

/** By path relative to the unit directory (`foo.service`, `foo.service.d/x.conf`). */
export function packageUnits(packages: readonly unknown[], read: UnitDirReader | undefined): Map<string, PackagedUnit> {
  const out = new Map<string, PackagedUnit>();
  if (read === undefined) return out;
  for (const pkg of [...new Set(packages.map(nixToString))]) {
    for (const dir of unitDirs(pkg, read)) {
      const files = read(dir);
      for (const [rel, e] of files ?? []) {
        if (rel === "" || (rel.split("/")[0] as string).endsWith(".wants") || out.has(rel)) continue;
        const sibling = e.kind === "symlink" && !e.target.includes("/");
        const entry: TreeEntry = sibling ? e : { kind: "symlink", target: `${dir}/${rel}` };
        out.set(rel, e.kind === "file" ? { entry, text: e.content.toString("utf8") } : { entry });
      }
    }
  }
  return out;
}
