/**
 * The loader's cache, one directory under the CLI's cache dir: per
 * configuration entry, a record of the last successful type check and
 * bundle, each with the files it depended on and a hash of their
 * contents; and the bundles themselves, named by that hash. A step is
 * skipped when re-hashing its recorded files gives the recorded hash.
 * A new bundle replaces the entry's previous one.
 * Writes go through a temporary file and a rename, so a reader never sees
 * half a file.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A step's dependencies and the hash of their contents. */
export interface Stamp {
  readonly files: readonly string[];
  readonly hash: string;
}

export interface CacheRecord {
  readonly version: 1;
  readonly entry: string;
  readonly typeCheck?: Stamp;
  readonly bundle?: Stamp;
}

/** Hash of the files' paths and contents plus `salt`; undefined when a file cannot be read. */
export function hashFiles(files: readonly string[], salt: string): string | undefined {
  const h = createHash("sha256").update(salt).update("\0");
  for (const f of [...files].sort()) {
    let content: Buffer;
    try {
      content = readFileSync(f);
    } catch {
      return undefined;
    }
    h.update(f).update("\0").update(content).update("\0");
  }
  return h.digest("hex");
}

/** Whether a stamp still holds: every file readable and unchanged. */
export function isFresh(stamp: Stamp | undefined, salt: string): boolean {
  return stamp !== undefined && hashFiles(stamp.files, salt) === stamp.hash;
}

export function stamp(files: readonly string[], salt: string): Stamp {
  const hash = hashFiles(files, salt);
  if (hash === undefined) throw new Error(`Cannot hash the configuration's files: one of ${files.join(", ")} vanished`);
  return { files: [...files], hash };
}

export class ConfigCache {
  readonly dir: string;
  readonly #recordFile: string;

  constructor(cacheDir: string, entry: string) {
    this.dir = join(cacheDir, "ts-config");
    this.#recordFile = join(this.dir, `${createHash("sha256").update(entry).digest("hex").slice(0, 16)}.json`);
  }

  read(entry: string): CacheRecord {
    try {
      const r = JSON.parse(readFileSync(this.#recordFile, "utf8")) as CacheRecord;
      if (r.version === 1 && r.entry === entry) return r;
    } catch {
      // A missing or unreadable record only means nothing is cached yet.
    }
    return { version: 1, entry };
  }

  write(record: CacheRecord): void {
    this.#writeFile(this.#recordFile, JSON.stringify(record, null, 2) + "\n");
  }

  /** Where the bundle with this hash lives. */
  bundleFile(hash: string): string {
    return join(this.dir, `bundle-${hash.slice(0, 32)}.mjs`);
  }

  writeBundle(hash: string, code: string): string {
    const file = this.bundleFile(hash);
    this.#writeFile(file, code);
    return file;
  }

  /** Deletes a bundle no record names any more (bundle names include the entry's path in their hash, so no other entry shares it). */
  removeBundle(hash: string): void {
    rmSync(this.bundleFile(hash), { force: true });
  }

  #writeFile(file: string, text: string): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
}
