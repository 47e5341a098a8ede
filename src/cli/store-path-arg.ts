/**
 * `--store-path P`: a generation already built, as `build` prints it (its
 * path on this machine, ROOT/var/lib/system-manager/store/…), as the
 * target sees it (/var/lib/system-manager/store/…), or a link to one (a
 * generation link of the profile, a `result` link), as upstream takes a
 * link into the store. It must be in the store of --root, or, for a
 * --sudo activation by a normal user, in the staging store that user
 * builds into (imported first, as a --sudo build is). It must be a
 * generation of ours: its manifest is read and checked, and what is wrong
 * is named.
 */
import { realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { STORE_DIR, parseStorePath } from "../store/store-path.ts";
import { RootFs } from "../activate/root-fs.ts";
import { readManifest } from "../activate/read-manifest.ts";

export interface StorePathArg {
  /** As the target sees it: /var/lib/system-manager/store/<hash>-<name>. */
  readonly storePath: string;
  /** The root whose store holds it, when not --root's own (the caller's staging store). */
  readonly importFrom?: string;
}

/** The path under `storeRoot`'s store that `host` names, if it is one. */
function inStore(host: string, storeRoot: string): string | undefined {
  const prefix = join(storeRoot, STORE_DIR) + "/";
  return host.startsWith(prefix) ? `${STORE_DIR}/${host.slice(prefix.length).replace(/\/+$/, "")}` : undefined;
}

export function resolveStorePath(raw: string, root: string, cwd: string, staging?: string): StorePathArg {
  if (raw.trim() === "") throw new UserError("Cannot use an empty --store-path: give a generation's store path, as build prints it");
  const given = resolve(cwd, raw);
  // Given as the target sees it, under a --root tree.
  const asTarget = root !== "/" && given.startsWith(STORE_DIR + "/") ? join(root, given) : given;
  let host: string;
  try {
    host = realpathSync(asTarget);
  } catch (e) {
    throw new UserError(`Cannot use '${raw}' as --store-path: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such path" : (e as Error).message}${root === "/" ? "" : ` (looked for ${asTarget})`}`);
  }
  const stores: [string, string | undefined][] = [[root, undefined], ...(staging === undefined ? [] : [[staging, staging] as [string, string]])];
  for (const [storeRoot, importFrom] of stores) {
    const storePath = inStore(host, realpathSync(storeRoot));
    if (storePath === undefined) continue;
    parseStorePath(storePath);
    if (!statSync(host).isDirectory()) throw new UserError(`Cannot use '${raw}' as --store-path: ${storePath} is a file, not a generation (a directory with a manifest.json)`);
    // Names what is wrong: no manifest (not a generation of ours), another version, a damaged field.
    readManifest(new RootFs(storeRoot), storePath);
    return importFrom === undefined ? { storePath } : { storePath, importFrom };
  }
  const where = join(root, STORE_DIR);
  throw new UserError(`Cannot use '${raw}' as --store-path: ${host === given ? "it" : `it leads to ${host}, which`} is not in the store of the root${root === "/" ? "" : ` ${root}`} (${where}); build the configuration with the same --root`);
}
