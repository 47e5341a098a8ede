/**
 * What a home activation reads of generations in the store (through a
 * RootFs rooted at the store directory): a generation's home.json, checked
 * for shape (each file's straight `link` set: homeFileLinks); a generation's files by target, each home.json indexed once;
 * the content hash of a store file a link names.
 */
import { STORE_DIR } from "../../store/store-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { homeFileLinks, homeManifestProblem, type HomeFile, type HomeManifest } from "../../build/home-generation.ts";
import type { RootFs } from "../root-fs.ts";
import { sha256 } from "../observe.ts";
import type { FileOf } from "./home-roots.ts";

/** Store paths (as the target sees them) read through a RootFs rooted at the store directory. */
const inStore = (storePath: string) => storePath.slice(STORE_DIR.length);

export function readHomeManifest(store: RootFs, generation: string): HomeManifest {
  if (!generation.startsWith(STORE_DIR + "/")) throw new UserError(`Cannot activate ${generation}: it is not in the store`);
  const data = store.readFileIfExists(`${inStore(generation)}/home.json`);
  if (data === undefined) throw new UserError(`Cannot activate ${generation}: it is not a home generation (no home.json)`);
  let m: unknown;
  try {
    m = JSON.parse(data.toString("utf8"));
  } catch (e) {
    throw new UserError(`Cannot activate ${generation}: its home.json is not valid JSON (${(e as Error).message})`);
  }
  const problem = homeManifestProblem(m);
  if (problem !== undefined) throw new UserError(`Cannot activate ${generation}: its home.json is not a home manifest: ${problem}`);
  return homeFileLinks(m as HomeManifest);
}

export function tryManifest(fs: RootFs, path: string): HomeManifest | undefined {
  try {
    return readHomeManifest(fs, path);
  } catch {
    return undefined;
  }
}

/** The content hash of the store file at `path` (a link target in the home), or undefined when it is none. */
export function storeHash(store: RootFs, prefix: string, path: string): string | undefined {
  if (!path.startsWith(prefix + STORE_DIR + "/")) return undefined;
  try {
    const p = inStore(path.slice(prefix.length));
    return store.entry(p).kind === "file" ? sha256(store.readFile(p)) : undefined;
  } catch {
    return undefined;
  }
}

/** A generation's files by target, from its manifest (read through `manifestOf`, by store path), each generation's indexed once. */
export function filesOf(manifestOf: (path: string) => HomeManifest | undefined, prefix: string): FileOf {
  const indexed = new Map<string, Map<string, HomeFile>>();
  return (generation, target) => {
    let files = indexed.get(generation);
    if (files === undefined) indexed.set(generation, (files = new Map((manifestOf(generation.slice(prefix.length))?.files ?? []).map((f) => [f.target, f]))));
    return files.get(target);
  };
}
