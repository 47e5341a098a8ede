/**
 * The activation engine a generation carries, as system-manager's does:
 * two store paths written before the generation that names them.
 *
 *   <hash>-nodejs-<version>                  the Node runtime (node-runtime.ts)
 *   <hash>-system-manager-engine-<version>   lib/engine.cjs, the bundled
 *       activation (dist/engine.cjs), bin/system-manager-engine, which
 *       runs it on that runtime, and lib/home-manifests, the home.json
 *       versions it reads
 *
 * Everything a generation runs at activation, at boot and on rollback goes
 * through bin/system-manager-engine, so it never names the checkout, an
 * npx cache or the host's node, and an old generation is activated by its
 * own engine. The wrapper finds the runtime relative to itself (so it runs
 * inside a --root tree, or through /proc/self/fd/N) and names it in full in
 * a comment, which is how gc and --sudo imports see the reference. Node
 * does not resolve the script's real path (--preserve-symlinks-main): as
 * a user reaching a root-private --root tree through /proc/self/fd/N, it
 * could not read the directories above it. `.cjs`: CommonJS on every Node
 * 20, whatever package.json is above it (older engines carry
 * lib/engine.mjs, an ES module, and their own wrapper, which names it).
 *
 * Copying node means copying ~100 MB (by the kernel, not through this
 * process's memory: store/write-sourced-path.ts) and reading it once for
 * its hash; a cache in the user's cache directory (node-runtime-cache.ts)
 * answers for an unchanged node: its runtime in this root's store is used
 * as it is, and one missing from it is hard-linked from a copy under
 * another root on the same filesystem. A node that runs from a runtime
 * store path (the system-manager package's, cli-package.ts) is that
 * runtime: used as it is, or copied as it is into another root's store.
 */
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import type { FileTree } from "../store/file-tree.ts";
import { storeEntryName, type StorePath } from "../store/store-path.ts";
import { keptInStore, writeStorePath } from "../store/write-store-path.ts";
import { nodeRuntimeLayout, runtimeSources, sourceFiles } from "./node-runtime.ts";
import { CACHE_FILE, identity, linkedRuntime, readCache, stands, withCopy, writeCache, type CachedRuntime } from "./node-runtime-cache.ts";
import { writeSourcedStorePath } from "../store/write-sourced-path.ts";
import { rememberRuntime } from "./node-runtime-path.ts";
import { storeRuntimeOf, storeRuntimeTree } from "./store-runtime.ts";
import { HOME_MANIFEST_READS } from "./home-generation.ts";

/** Where the engine comes from: the node binary to copy and the bundled engine script. */
export interface EngineSource {
  readonly node: string;
  readonly script: string;
  readonly version: string;
  /** A directory for the runtime cache (the user's cache directory); none: no cache. */
  readonly cacheDir?: string;
}

/** The engine's entry point inside its store path. */
export const ENGINE_BIN = "bin/system-manager-engine";
/** The bundled engine inside its store path, which ENGINE_BIN runs. */
export const ENGINE_LIB = "lib/engine.cjs";
/** The versions of home.json the engine reads, one line ("1 2"); engines without it read version 1 (src/activate/engine-reads.ts). */
export const ENGINE_HOME_MANIFESTS = "lib/home-manifests";


export function engineWrapper(runtime: StorePath, version: string): string {
  return [
    "#!/bin/sh",
    `# The activation engine of system-manager ${version}, on the Node runtime`,
    `# ${runtime}, found relative to this file.`,
    'here="${0%/*}"',
    `exec "$here/../../${storeEntryName(runtime)}/bin/node" --preserve-symlinks-main "$here/../${ENGINE_LIB}" "$@"`,
    "",
  ].join("\n");
}

export function engineTree(script: string, runtime: StorePath, version: string): FileTree {
  return new Map([
    [ENGINE_BIN, { kind: "file", content: Buffer.from(engineWrapper(runtime, version)), executable: true }],
    [ENGINE_LIB, { kind: "file", content: readFileSync(script), executable: false }],
    [ENGINE_HOME_MANIFESTS, { kind: "file", content: Buffer.from(`${HOME_MANIFEST_READS.join(" ")}\n`), executable: false }],
  ]);
}

/** Writes the Node runtime into the store under `root` (unless it is there), returning its store path. */
export async function writeNodeRuntime(root: string, source: EngineSource): Promise<StorePath> {
  const path = await runtimeInStore(root, source);
  rememberRuntime(source.node, path);
  return path;
}

async function runtimeInStore(root: string, source: EngineSource): Promise<StorePath> {
  // A node running from a runtime store path (the system-manager package's) is that runtime, copied as it is.
  const inStore = storeRuntimeOf(source.node);
  if (inStore !== undefined) return keptInStore(root, inStore.path) ? inStore.path : writeSourcedStorePath(root, inStore.name, storeRuntimeTree(inStore.dir));
  const cacheFile = source.cacheDir === undefined ? undefined : join(source.cacheDir, CACHE_FILE);
  const node = realpathSync(source.node);
  const cache = cacheFile === undefined ? {} : readCache(cacheFile);
  const known = cache[node];
  if (known !== undefined && stands(root, known)) {
    // An entry from before references were recorded gets them now, read once.
    if (cacheFile !== undefined && known.references === undefined) writeCache(cacheFile, { ...cache, [node]: { ...known, references: await runtimeReferences(root, known.path) } });
    return known.path as StorePath;
  }
  const linked = await linkedRuntime(root, known);
  if (linked !== undefined) {
    if (cacheFile !== undefined) writeCache(cacheFile, { ...cache, [node]: withCopy(known as CachedRuntime, join(root, linked)) });
    return linked;
  }
  const found = runtimeSources(node);
  // Identified before reading: a node replaced meanwhile is not cached under the new identity.
  const sources = sourceFiles(found);
  const id = identity(sources);
  const { name, tree } = nodeRuntimeLayout(found);
  const path = await writeSourcedStorePath(root, name, tree);
  const files = Object.fromEntries([...tree].flatMap(([rel, e]) => (e.kind === "symlink" ? [] : [[rel, lstatSync(join(root, path, rel)).size]])));
  if (cacheFile !== undefined) {
    const references = await runtimeReferences(root, path);
    writeCache(cacheFile, { ...cache, [node]: withCopy({ sources, identity: id, path, files, references, copies: known?.path === path ? known.copies : [] }, join(root, path)) });
  }
  return path;
}

/** The runtime's references, read once as gc reads a store path: builds that reuse it take them from the cache. */
async function runtimeReferences(root: string, path: string): Promise<string[]> {
  return (await import("../packages/gc.ts")).references(root, storeEntryName(path as StorePath));
}

/** Writes the runtime and the engine into the store under `root`; returns the engine's store path. */
export async function writeEngine(root: string, source: EngineSource): Promise<StorePath> {
  const runtime = await writeNodeRuntime(root, source);
  return writeStorePath(root, `system-manager-engine-${source.version}`, engineTree(source.script, runtime, source.version));
}

