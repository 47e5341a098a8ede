/**
 * What changed between two locks, worded as Nix's LockFile::diff: one
 * "• Added input 'a/b':", "• Updated input …" or "• Removed input …"
 * entry per input path, in path order.
 */
import { showFlakeRef } from "../../nix/flake-ref/show-flake-ref.ts";
import { sameRef } from "../../nix/flake-ref/flake-ref-attrs.ts";
import { isFollows, isLocked, type InputPath, type LockFile, type LockNode, type LockedNode } from "./lock-file.ts";

type Entry = LockedNode | InputPath;

/** Every input path of the lock and what it holds (a node or a follows path). */
export function allInputs(lock: LockFile): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const seen = new Set<LockNode>();
  const walk = (node: LockNode, prefix: string[]) => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const [name, x] of node.inputs) {
      const path = [...prefix, name];
      if (isFollows(x)) out.set(path.join("/"), x);
      else if (isLocked(x)) {
        out.set(path.join("/"), x);
        walk(x, path);
      }
    }
    seen.delete(node);
  };
  walk(lock.root, []);
  return out;
}

export function describeEntry(e: Entry): string {
  if (isFollows(e)) return `follows '${e.join("/")}'`;
  const lm = e.locked.lastModified;
  return lm === undefined ? `'${showFlakeRef(e.locked)}'` : `'${showFlakeRef(e.locked)}' (${new Date(lm * 1000).toISOString().slice(0, 10)})`;
}

function same(a: Entry, b: Entry): boolean {
  if (isFollows(a) || isFollows(b)) return isFollows(a) && isFollows(b) && a.join("/") === b.join("/");
  return sameRef(a.locked, b.locked) && sameRef(a.original, b.original) && a.isFlake === b.isFlake;
}

export function lockDiff(before: LockFile | undefined, after: LockFile): string {
  const a = before === undefined ? new Map<string, Entry>() : allInputs(before);
  const b = allInputs(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  let out = "";
  for (const p of paths) {
    const x = a.get(p);
    const y = b.get(p);
    if (x === undefined && y !== undefined) out += `• Added input '${p}':\n    ${describeEntry(y)}\n`;
    else if (y === undefined && x !== undefined) out += `• Removed input '${p}'\n`;
    else if (x !== undefined && y !== undefined && !same(x, y)) out += `• Updated input '${p}':\n    ${describeEntry(x)}\n  → ${describeEntry(y)}\n`;
  }
  return out;
}
