/**
 * The store path of the Node runtime an EngineSource's node makes, known
 * without writing anything, for what an evaluation must name before the
 * build writes it (the system-manager package: cli-package-value.ts).
 * Runtimes are content-addressed, so this is the path writeNodeRuntime
 * gives; asked in this order: a node running from a runtime store path
 * (store-runtime.ts) is that path; a runtime this process wrote or
 * computed is remembered; the user's runtime cache (node-runtime-cache.ts)
 * answers for an unchanged node; else node and its libraries are read
 * and hashed (some 100 MB, once per process).
 */
import { join } from "node:path";
import { realpathSync } from "node:fs";
import { addressOf } from "../store/file-tree.ts";
import type { StorePath } from "../store/store-path.ts";
import { nodeRuntimeLayout, runtimeSources } from "./node-runtime.ts";
import { CACHE_FILE, identity, readCache } from "./node-runtime-cache.ts";
import { storeRuntimeOf } from "./store-runtime.ts";

const known = new Map<string, StorePath>();

/** Remembers the runtime written (or found) for `node` in this process. */
export function rememberRuntime(node: string, path: StorePath): void {
  known.set(realpathSync(node), path);
}

/** The runtime store path `node` gives (see above); `cacheDir`: the user's cache directory, if any. */
export function nodeRuntimePath(node: string, cacheDir?: string): StorePath {
  const inStore = storeRuntimeOf(node);
  if (inStore !== undefined) return inStore.path;
  const binary = realpathSync(node);
  const remembered = known.get(binary);
  if (remembered !== undefined) return remembered;
  const cached = cacheDir === undefined ? undefined : readCache(join(cacheDir, CACHE_FILE))[binary];
  if (cached !== undefined && typeof cached.path === "string" && Array.isArray(cached.sources) && sameIdentity(cached.sources, cached.identity)) {
    known.set(binary, cached.path as StorePath);
    return cached.path as StorePath;
  }
  const { name, tree } = nodeRuntimeLayout(runtimeSources(binary));
  const path = addressOf(name, tree);
  known.set(binary, path);
  return path;
}

function sameIdentity(sources: readonly string[], id: string): boolean {
  try {
    return identity(sources) === id;
  } catch {
    return false;
  }
}
