/**
 * The references of store paths this process wrote or found whole, taken
 * from their trees in memory (when first asked for) rather than from disk,
 * as Nix records a path's references when it registers it: gc.ts's references() answers
 * from here instead of reading every file of a generation back (the
 * evaluation cache asks for a new generation's closure right after the
 * build). What is recorded is what reading the path gives: the store
 * names in its links and in its files up to SCAN_LIMIT (read as latin1),
 * its own name left out. A tree that records its references in
 * .system-manager/info.json (a package's) is not recorded here.
 */
import type { FileTree } from "./file-tree.ts";
import { STORE_DIR } from "./store-path.ts";

/** Files larger than this are not scanned for references. */
export const SCAN_LIMIT = 4 * 1024 * 1024;

const REF = new RegExp(`${STORE_DIR.replace(/\//g, "\\/")}\\/([0-9a-df-np-sv-z]{32}-[A-Za-z0-9+._?=-]+)`, "g");
const STORE_DIR_BYTES = Buffer.from(`${STORE_DIR}/`);

/** The store entry names mentioned in `text`. */
export function storeNames(text: string): string[] {
  return [...text.matchAll(REF)].map((m) => m[1] as string);
}

/** Bytes of Nix base-32 (the hash) and of store names, as REF's character classes. */
const HASH_BYTE = byteClass("0123456789abcdfghijklmnpqrsvwxyz");
const NAME_BYTE = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+._?=-");

function byteClass(chars: string): Uint8Array {
  const c = new Uint8Array(256);
  for (const ch of chars) c[ch.charCodeAt(0)] = 1;
  return c;
}

/**
 * The store entry names mentioned in `content`, as storeNames of its
 * latin1 text finds them (the same names, in order), without making that
 * text: a generation's home.json names thousands of text paths.
 */
export function storeNamesIn(content: Buffer): string[] {
  const out: string[] = [];
  for (let at = content.indexOf(STORE_DIR_BYTES); at !== -1; ) {
    const start = at + STORE_DIR_BYTES.length;
    let end = start;
    while (end < start + 32 && end < content.length && HASH_BYTE[content[end] as number] === 1) end++;
    if (end === start + 32 && content[end] === 0x2d && end + 1 < content.length && NAME_BYTE[content[end + 1] as number] === 1) {
      end += 2;
      while (end < content.length && NAME_BYTE[content[end] as number] === 1) end++;
      out.push(content.toString("latin1", start, end));
      at = content.indexOf(STORE_DIR_BYTES, end);
    } else at = content.indexOf(STORE_DIR_BYTES, at + 1);
  }
  return out;
}

/** By host path of a store path: its references (entry names), or the tree they are read from when first asked for. */
const known = new Map<string, readonly string[] | { readonly name: string; readonly tree: FileTree }>();

/** Records that the store path at `host` (entry `name`) holds `tree`: its references are taken from it when asked for. */
export function noteReferences(host: string, name: string, tree: FileTree): void {
  if (tree.has(".system-manager/info.json")) known.delete(host);
  else known.set(host, { name, tree });
}

/** The store entry names `tree` (store entry `name`) mentions in its links and in its files up to SCAN_LIMIT, its own name left out. */
export function scannedReferences(name: string, tree: FileTree): string[] {
  const found = new Set<string>();
  // A file mentioning no store path (a home's 10,000 texts, the common case) costs one search.
  for (const e of tree.values()) {
    if (e.kind === "symlink") for (const n of storeNames(e.target)) found.add(n);
    else if (e.content.length <= SCAN_LIMIT && e.content.indexOf(STORE_DIR_BYTES) !== -1) for (const n of storeNamesIn(e.content)) found.add(n);
  }
  found.delete(name);
  return [...found];
}

/** Records the references of the store path at `host` as given (by one who read it before: a cached runtime's). */
export function noteKnownReferences(host: string, names: readonly string[]): void {
  known.set(host, [...names]);
}

/** The recorded references of the store path at `host`, if this process wrote or verified it. */
export function knownReferences(host: string): readonly string[] | undefined {
  const k = known.get(host);
  if (k === undefined || !("tree" in k)) return k;
  const refs = scannedReferences(k.name, k.tree);
  known.set(host, refs);
  return refs;
}

/** Forgets what was recorded of the store path at `host` (gc removed it). */
export function forgetReferences(host: string): void {
  known.delete(host);
}
