/**
 * The memo of submodule instances (src/module-system/instance-memo.ts) on
 * disk: one file beside the evaluation cache's entries, under the same
 * rules (cache-file.ts: read only when the directory and the file are
 * ours, written to a temporary name and renamed). It holds the code's
 * identity: entries made by other code are not used. A build that
 * succeeds replaces it with what the next build may use (what this one
 * used or evaluated); a failed build leaves it as it was.
 */
import { CacheFiles } from "./cache-file.ts";
import { codeIdentity } from "./invocation-key.ts";
import { InstanceMemo } from "../../module-system/instance-memo.ts";
import type { Plain } from "../../module-system/plain-value.ts";

/** Bumped when an entry's meaning changes. */
const MEMO_FORMAT = 1;
const NOTE = "instance-memo";

interface MemoFile {
  readonly format: number;
  readonly code: string;
  readonly entries: readonly (readonly [string, Plain])[];
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
  const memo = new InstanceMemo(known(files.readNote(NOTE), code));
  return {
    memo,
    save: () => {
      const file: MemoFile = { format: MEMO_FORMAT, code, entries: [...memo.entries()] };
      files.writeNote(NOTE, JSON.stringify(file));
    },
  };
}

function known(text: string | undefined, code: string): Map<string, Plain> {
  if (text === undefined) return new Map();
  try {
    const f = JSON.parse(text) as MemoFile;
    if (f === null || typeof f !== "object" || f.format !== MEMO_FORMAT || f.code !== code || !Array.isArray(f.entries)) return new Map();
    return new Map(f.entries);
  } catch {
    return new Map();
  }
}
