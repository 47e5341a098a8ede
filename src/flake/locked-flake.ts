/**
 * A flake as the command line loads it: its flake.lock read (if any),
 * its inputs locked and fetched (lock/lock-flake.ts), the lock written
 * back when it changed (lock-update.ts), then the flake called with
 * inputs from the lock graph, as Nix's call-flake.nix: each node's tree
 * becomes a value once (treeValue, the one place where a fetched tree
 * turns into an input), follows resolve from the root, and the built-in
 * stand-ins stand where the lock has them. An input that could not be
 * fetched and is stood in for is warned about once.
 */
import { join, resolve } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { isNixpkgsTree, nixpkgsFromTree } from "./nixpkgs-input.ts";
import { withHomeDefaults } from "./home-manager-input.ts";
import { standInNotice, standInValue } from "./builtin-inputs.ts";
import { callFlake, nonFlakeValue } from "./call-flake.ts";
import { checkFlakeDir, readFlakeFile } from "./flake-file.ts";
import type { FetchedTree } from "./fetch/fetched-tree.ts";
import type { FlakeContext } from "./load-flake.ts";
import { isFollows, readLockFile, type LockNode } from "./lock/lock-file.ts";
import { lockFlake, nodeAt, type LockOptions, type Resolution } from "./lock/lock-flake.ts";
import { updateLockFile, type LockWriteOptions } from "./lock/lock-update.ts";
import { allInputs } from "./lock/lock-diff.ts";
import { selfSourceInfo } from "./self-info.ts";
import { sourceInfoOf } from "./source-info.ts";

export type LockedFlakeOptions = LockOptions & LockWriteOptions;

export interface LockedFlake {
  readonly outputs: NixAttrs;
  readonly resolution: Resolution;
  readonly lockPath: string;
}

/** Locks (and fetches) the inputs of the flake at `dir` and updates its flake.lock; evaluates nothing but the flakes' `inputs`. */
export async function lockFlakeAt(dir: string, ctx: FlakeContext, opts: LockedFlakeOptions): Promise<{ resolution: Resolution; lockPath: string; changed: boolean }> {
  const abs = resolve(dir);
  checkFlakeDir(abs);
  const lockPath = join(abs, "flake.lock");
  const old = readLockFile(lockPath);
  const resolution = await lockFlake(abs, old, opts, ctx);
  for (const u of resolution.unavailable) opts.warn(`${u.reason}\n${standInNotice(u.standIn, u.path)}`);
  const known = new Set([...allInputs(resolution.lock).keys(), ...resolution.builtins.keys()]);
  for (const u of opts.updates) if (!known.has(u)) opts.warn(`the flag '--update-input ${u}' does not match any input`);
  for (const o of opts.overrides.keys()) if (!known.has(o)) opts.warn(`the flag '--override-input ${o}' does not match any input`);
  const changed = updateLockFile(lockPath, old, resolution.lock, { ...opts, writeLockFile: opts.writeLockFile && opts.overrides.size === 0 });
  return { resolution, lockPath, changed };
}

export async function loadLockedFlake(dir: string, ctx: FlakeContext, opts: LockedFlakeOptions): Promise<LockedFlake> {
  const { resolution, lockPath } = await lockFlakeAt(dir, ctx, opts);
  return { outputs: callLockedFlake(resolve(dir), resolution, ctx), resolution, lockPath };
}

/** The root flake at `dir` called with the inputs of `res`. */
export function callLockedFlake(dir: string, res: Resolution, ctx: FlakeContext): NixAttrs {
  const values = new Map<LockNode, Value>();

  const inputsOf = (node: LockNode, path: string[]): NixAttrs => {
    const names = new Set(node.inputs.keys());
    for (const key of res.builtins.keys()) {
      const parts = key.split("/");
      if (parts.length === path.length + 1 && path.every((p, i) => parts[i] === p)) names.add(parts[path.length] as string);
    }
    const m = new Map<string, Lazy>();
    for (const name of [...names].sort()) m.set(name, new Thunk(() => inputValue(node, path, name), `input '${[...path, name].join("/")}'`));
    return new NixAttrs(m);
  };

  const inputValue = (node: LockNode, path: string[], name: string): Value => {
    const key = [...path, name];
    const stand = res.builtins.get(key.join("/"));
    if (stand !== undefined) return standInValue(stand, ctx);
    const x = node.inputs.get(name) as LockNode | readonly string[];
    if (!isFollows(x)) return nodeValue(x, key);
    const t = nodeAt(res.lock, res.builtins, x);
    if (t === undefined) throw new UserError(`input '${key.join("/")}' follows a non-existent input '${x.join("/")}'`);
    return "standIn" in t ? standInValue(t.standIn, ctx) : nodeValue(t.node, t.path);
  };

  const nodeValue = (node: LockNode, path: string[]): Value => {
    const hit = values.get(node);
    if (hit !== undefined) return hit;
    const tree = res.trees.get(node);
    if (tree === undefined) throw new UserError(`input '${path.join("/")}' is in the lock file but was not fetched`);
    const v = treeValue(node, tree, path);
    values.set(node, v);
    return v;
  };

  const treeValue = (node: LockNode, tree: FetchedTree, path: string[]): Value => {
    ctx.access?.allow(tree.path);
    const sourceInfo = sourceInfoOf(tree);
    const outPath = join(tree.path, tree.locked.dir ?? "");
    if ("isFlake" in node && node.isFlake === false) return nonFlakeValue(sourceInfo, outPath);
    if (isNixpkgsTree(outPath)) return nixpkgsFromTree(outPath, ctx);
    return withHomeDefaults(callFlake(readFlakeFile(outPath, ctx), sourceInfo, outPath, inputsOf(node, path)));
  };

  const flake = readFlakeFile(dir, ctx);
  return callFlake(flake, selfSourceInfo(flake.dir), flake.dir, inputsOf(res.lock.root, []));
}
