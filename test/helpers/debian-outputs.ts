/**
 * Stand-ins for Debian package outputs in tests of pkgs' builders: each
 * laid out as the provider lays it out (bin/ links into its .deb's store
 * path, the closure record .system-manager/info.json listing that path),
 * and a reader of paths under a temporary root whose absolute links point
 * into the store as the host sees it.
 */
import { lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR } from "../../src/store/store-path.ts";

/** `path` read under `root`: absolute symlinks on the way point into the store as the host sees it. */
export function underRoot(root: string, path: string): string {
  let at = root;
  for (const part of path.split("/").filter((x) => x !== "")) {
    at = join(at, part);
    while (lstatSync(at).isSymbolicLink()) {
      const to = readlinkSync(at);
      at = to.startsWith("/") ? join(root, to) : join(at, "..", to);
    }
  }
  return at;
}

/** Debian package outputs as the provider lays them out: bin/, and the closure record listing the .debs' store paths. */
export function debianOutputs(root: string, debs: Readonly<Record<string, { readonly files: Readonly<Record<string, string>>; readonly bin?: string; readonly emptyBin?: boolean }>>) {
  return async (paths: readonly string[]) => {
    for (const p of paths) {
      const attr = p.slice(STORE_DIR.length + 34);
      const deb = debs[attr];
      if (deb === undefined) throw new Error(`no stand-in for ${p}`);
      const debPath = `${STORE_DIR}/${"d".repeat(32)}-${attr}-1.0-1`;
      for (const [file, text] of Object.entries(deb.files)) {
        mkdirSync(join(root, debPath, file, ".."), { recursive: true });
        writeFileSync(join(root, debPath, file), text, { mode: 0o755 });
      }
      mkdirSync(join(root, p, ".system-manager"), { recursive: true });
      writeFileSync(join(root, p, ".system-manager/info.json"), JSON.stringify({ attr, package: attr, version: "1.0-1", references: [debPath] }, null, 2));
      if (deb.bin !== undefined || deb.emptyBin === true) mkdirSync(join(root, p, "bin"));
      if (deb.bin !== undefined) symlinkSync(`${debPath}/${deb.bin}`, join(root, p, "bin", deb.bin.split("/").pop() as string));
    }
  };
}
