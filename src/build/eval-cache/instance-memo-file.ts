/**
 * The memo of submodule instances (src/module-system/instance-memo.ts) on
 * disk: one file beside the evaluation cache's entries, under the same
 * rules (cache-file.ts: read only when the directory and the file are
 * ours). Its first line holds the format and the code's identity (entries
 * made by other code are not used); every other line is one entry, its key
 * (JSON text or a base64url hash: never a tab or a newline), a tab, and
 * the configuration as JSON. Reading indexes the lines and parses an entry
 * only when the evaluation asks for it; a later line wins over an earlier
 * one with the same key, and a line without its newline (a writer killed
 * midway) or that does not parse as an attribute set is no entry.
 *
 * A build that succeeds appends the instances it evaluated, in one write:
 * the 10,000-file home changed in one file writes one line, not 10,000.
 * When the lines no build used outnumber those the last one did (and 256),
 * or the file is missing or of other code, it is written whole instead
 * (a temporary name and a rename) with only what this build used or
 * evaluated. A failed build leaves it as it was.
 */
import { CacheFiles } from "./cache-file.ts";
import { codeIdentity } from "./invocation-key.ts";
import { InstanceMemo, type KnownInstances } from "../../module-system/instance-memo.ts";
import type { Plain } from "../../module-system/plain-value.ts";

/** Bumped when an entry's meaning or the file's layout changes. */
const MEMO_FORMAT = 2;
const NOTE = "instance-memo";
/** Unused lines tolerated before the file is written whole, at least. */
const SLACK = 256;

interface Header {
  readonly format: number;
  readonly code: string;
}

export interface StoredMemo {
  readonly memo: InstanceMemo;
  /** Writes what the next evaluation may use. */
  save(): void;
}

/** The memo kept under `root`'s evaluation cache (empty when there is none, or it is not ours, or of other code). */
export function loadInstanceMemo(root: string): StoredMemo {
  const files = new CacheFiles(root);
  const code = codeIdentity();
  const index = indexOf(files.readNote(NOTE), code);
  const memo = new InstanceMemo(index ?? new Map());
  return {
    memo,
    save: () => {
      const fresh = memo.fresh();
      if (index !== undefined) {
        const live = memo.usedCount + fresh.size;
        const unused = index.lines + fresh.size - live;
        if (unused <= Math.max(live, SLACK) && (fresh.size === 0 || files.appendNote(NOTE, lines(fresh)))) return;
      }
      files.writeNote(NOTE, JSON.stringify({ format: MEMO_FORMAT, code } satisfies Header) + "\n" + lines(memo.entries()));
    },
  };
}

function lines(entries: ReadonlyMap<string, Plain>): string {
  let out = "";
  for (const [key, config] of entries) out += `${key}\t${JSON.stringify(config)}\n`;
  return out;
}

/** The file's entries by key, parsed when asked for; `lines` counts the entry lines. */
class MemoIndex implements KnownInstances {
  readonly #text = new Map<string, string>();
  lines = 0;

  add(key: string, json: string): void {
    this.#text.set(key, json);
    this.lines++;
  }

  get(key: string): Plain | undefined {
    const json = this.#text.get(key);
    if (json === undefined) return undefined;
    try {
      // A configuration is an attribute set: a line cut short that still parses (a number) is not one.
      const p = JSON.parse(json) as Plain;
      return p !== null && typeof p === "object" && !Array.isArray(p) ? p : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The index of a memo file of this format and code, or undefined (none, or another's: written whole next). */
function indexOf(text: string | undefined, code: string): MemoIndex | undefined {
  if (text === undefined) return undefined;
  let end = text.indexOf("\n");
  if (end < 0) return undefined;
  try {
    const h = JSON.parse(text.slice(0, end)) as Header;
    if (h === null || typeof h !== "object" || h.format !== MEMO_FORMAT || h.code !== code) return undefined;
  } catch {
    return undefined;
  }
  const index = new MemoIndex();
  for (let start = end + 1; start < text.length; start = end + 1) {
    end = text.indexOf("\n", start);
    if (end < 0) break;
    const tab = text.indexOf("\t", start);
    if (tab > start && tab < end) index.add(text.slice(start, tab), text.slice(tab + 1, end));
    else index.lines++;
  }
  return index;
}
