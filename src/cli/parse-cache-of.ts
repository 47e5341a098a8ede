/**
 * The parse cache a command's Nix evaluation uses: under the user's cache
 * directory (cache-dir.ts), its entries written beside the evaluation once
 * there are more than a few (src/nix/parser/entry-writer.ts).
 */
import { join } from "node:path";
import type { Io } from "./io.ts";
import { cacheDir } from "./cache-dir.ts";
import { diskParseCache, type ParseCache } from "../nix/parser/parse-cache.ts";
import { backgroundEntryWriter } from "../nix/parser/entry-writer.ts";

export function parseCacheOf(io: Io): ParseCache {
  return diskParseCache(join(cacheDir(io), "nix-parse"), backgroundEntryWriter());
}
