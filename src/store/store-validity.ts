/**
 * When a store path already in the store is trusted. As Nix trusts a path
 * registered valid and re-reads its contents only with --repair, a path
 * here is valid when it is present under its final name: every writer
 * (write-store-path.ts, write-store-paths.ts, write-sourced-path.ts,
 * node-runtime-cache.ts, packages' staged-path.ts) stages it whole in a
 * `.tmp-` name and renames it into place, and gc renames a dead path to a
 * `.tmp-` name before removing it, so a kill -9 at any point leaves either
 * the whole path or nothing under that name. Finding a path costs one
 * listing of the store (a batch) or one lstat, never reading its files.
 *
 * A session that repairs (store-session.ts) checks each present path
 * against its tree instead (verify-store-path.ts), and its writers replace
 * one that does not hold it: what someone changed inside the store (a file
 * edited after a chmod, a file removed) is put right only then.
 */
import { lstatSync } from "node:fs";
import type { FileTree } from "./file-tree.ts";
import { repairing } from "./store-session.ts";
import { holdsTree } from "./verify-store-path.ts";

/** Whether the store path at `host`, known to be listed in the store, is valid for `tree`: always, unless repairing. */
export function trustedListed(host: string, tree: FileTree): boolean {
  return !repairing() || holdsTree(host, tree);
}

/** Whether the store path at `host` is valid for `tree`: present (one lstat), or, when repairing, holding it. */
export function validPath(host: string, tree: FileTree): boolean {
  if (repairing()) return holdsTree(host, tree);
  return lstatSync(host, { throwIfNoEntry: false }) !== undefined;
}
