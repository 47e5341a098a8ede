/**
 * Whether a cache entry's closure is still in the store: the first of its
 * store entry names the store directory no longer holds. A closure of a
 * few names is looked up name by name; a large one (a home's thousands of
 * files, each its own store path) against one listing of the directory,
 * which costs a fraction of a lookup per name.
 */
import { existsSync, readdirSync } from "node:fs";

/** Up to this many names are looked up one by one. */
const ONE_BY_ONE = 64;

export function firstMissing(storeDir: string, names: readonly string[]): string | undefined {
  if (names.length <= ONE_BY_ONE) return names.find((n) => !existsSync(`${storeDir}/${n}`));
  let listing: Set<string>;
  try {
    listing = new Set(readdirSync(storeDir));
  } catch {
    return names[0];
  }
  return names.find((n) => !listing.has(n));
}
