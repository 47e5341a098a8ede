/**
 * Where the running system-manager package is: its root (the directory of
 * its package.json, found upward from this module, so the answer is the
 * same from src/ and from a bundle in dist/) and the public entry module
 * whose types configurations are checked against.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "system-manager") return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the system-manager package above ${from}`);
  }
}

/** The package's root directory. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The module configurations import as "system-manager" (its types; at run time the CLI's own instance). */
export const PUBLIC_ENTRY = join(PACKAGE_ROOT, "src", "index.ts");

/** Type definitions of Node, when installed, so configurations may use `node:` modules. */
export const NODE_TYPES_ROOT = join(PACKAGE_ROOT, "node_modules", "@types");
