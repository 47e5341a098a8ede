/**
 * The store paths a generation needs on the target: itself and everything
 * it refers to, transitively (the references gc follows, ../packages/gc.ts),
 * as store entry names, each after those it refers to, so that paths put
 * in place in this order leave only whole closures in the target's store.
 * A path named but never built (in no local store) has nothing to copy.
 * `treeBytes` sizes what is copied.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { references } from "../packages/gc.ts";
import { parseStorePath, storeEntryName, STORE_DIR } from "../store/store-path.ts";

/** The closure of `storePath` in the store under `localRoot`, dependencies first. */
export function closureOf(localRoot: string, storePath: string): string[] {
  const top = storeEntryName(parseStorePath(storePath));
  const present = (name: string) => lstatSync(join(localRoot, STORE_DIR, name), { throwIfNoEntry: false }) !== undefined;
  const order: string[] = [];
  const seen = new Set<string>([top]);
  const stack: { name: string; pending: string[] }[] = [{ name: top, pending: references(localRoot, top).sort().reverse() }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { name: string; pending: string[] };
    const next = frame.pending.pop();
    if (next === undefined) {
      stack.pop();
      order.push(frame.name);
    } else if (!seen.has(next)) {
      seen.add(next);
      if (present(next)) stack.push({ name: next, pending: references(localRoot, next).sort().reverse() });
    }
  }
  return order;
}

/** The bytes of the files (and links) under the store entries `names`. */
export function treeBytes(localRoot: string, names: readonly string[]): number {
  const size = (p: string): number => {
    const st = lstatSync(p);
    return st.isDirectory() ? readdirSync(p).reduce((n, c) => n + size(join(p, c)), 0) : st.size;
  };
  return names.reduce((n, name) => n + size(join(localRoot, STORE_DIR, name)), 0);
}
