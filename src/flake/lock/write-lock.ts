/**
 * A lock graph as Nix writes flake.lock (version 7): node keys are input
 * names (the root "root"), a name taken twice gets `_2`, `_3`, … in the
 * order Nix visits them (depth first, inputs by name); every object's
 * keys sorted, two-space indentation, a trailing newline. Written by
 * temp file and rename.
 */
import { renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { refToAttrs } from "../../nix/flake-ref/flake-ref-attrs.ts";
import { isFollows, isLocked, LOCK_VERSION, type LockFile, type LockNode } from "./lock-file.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function sorted(v: Json): Json {
  if (Array.isArray(v)) return v.map(sorted);
  if (typeof v !== "object" || v === null) return v;
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(v).sort()) out[k] = sorted(v[k] as Json);
  return out;
}

export function lockToJSON(lock: LockFile): Json {
  const nodes: { [k: string]: Json } = {};
  const keyOf = new Map<LockNode, string>();
  const taken = new Set<string>();
  const dump = (wanted: string, node: LockNode): string => {
    const hit = keyOf.get(node);
    if (hit !== undefined) return hit;
    let key = wanted;
    for (let n = 2; taken.has(key); n++) key = `${wanted}_${n}`;
    taken.add(key);
    keyOf.set(node, key);
    const n: { [k: string]: Json } = {};
    if (node.inputs.size > 0) {
      const inputs: { [k: string]: Json } = {};
      for (const name of [...node.inputs.keys()].sort()) {
        const x = node.inputs.get(name) as LockNode | readonly string[];
        inputs[name] = isFollows(x) ? [...x] : dump(name, x);
      }
      n.inputs = inputs;
    }
    if (isLocked(node)) {
      n.original = refToAttrs(node.original) as Json;
      n.locked = refToAttrs(node.locked) as Json;
      if (!node.isFlake) n.flake = false;
      if (node.parent !== undefined) n.parent = [...node.parent];
    }
    nodes[key] = n;
    return key;
  };
  const root = dump("root", lock.root);
  return sorted({ nodes, root, version: LOCK_VERSION });
}

export function lockText(lock: LockFile): string {
  return JSON.stringify(lockToJSON(lock), null, 2) + "\n";
}

/** Writes the lock atomically (temp file beside it, then rename). */
export function writeLockFile(path: string, lock: LockFile): void {
  const tmp = join(dirname(path), `.flake.lock.tmp-${process.pid}`);
  writeFileSync(tmp, lockText(lock));
  renameSync(tmp, path);
}
