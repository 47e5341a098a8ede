/**
 * The completion cache: what an evaluating completion answered (a flake's
 * configuration names, the option paths below a prefix), kept per user in
 * CACHE/completion/ (cache-dir.ts), one JSON file a key, with what the
 * evaluation read, as the evaluation cache keeps a build's
 * (src/build/eval-cache/): an entry answers while its key is the same (the
 * code, the configuration named, the machine, the environment the CLI
 * reads: invocation-key.ts) and every dependency holds. Entries are 0600
 * in a 0700 directory, written under a temporary name and renamed; one
 * that is not ours or does not parse is no entry. A hit marks its entry
 * used; writing one removes those unused for STALE_DAYS (and killed
 * writers' temporaries: pruneCacheDir). Failing to write
 * only means evaluating next time.
 */
import { randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { firstChanged, type Dependency } from "../../build/eval-cache/dependency.ts";
import { pruneCacheDir } from "../../build/eval-cache/cache-file.ts";

const FORMAT = 1;

interface Entry {
  readonly format: number;
  readonly key: string;
  readonly deps: readonly Dependency[];
  readonly lines: readonly string[];
}

const mine = (path: string): boolean => {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return st !== undefined && !st.isSymbolicLink() && (typeof process.geteuid !== "function" || st.uid === process.geteuid()) && (st.mode & 0o022) === 0;
};

export class CompletionCache {
  readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, "completion");
  }

  /** The lines kept for `key` (its hash names the file) when every dependency still holds. */
  read(hash: string, key: string, env: Readonly<Record<string, string | undefined>>): readonly string[] | undefined {
    const file = join(this.dir, `${hash}.json`);
    try {
      if (!mine(this.dir) || !mine(file)) return undefined;
      const e = JSON.parse(readFileSync(file, "utf8")) as Entry;
      if (e.format !== FORMAT || e.key !== key || !Array.isArray(e.deps) || !Array.isArray(e.lines)) return undefined;
      if (firstChanged(e.deps, env) !== undefined) return undefined;
      const now = new Date();
      utimesSync(file, now, now);
      return e.lines;
    } catch {
      return undefined;
    }
  }

  write(hash: string, key: string, deps: readonly Dependency[], lines: readonly string[]): void {
    const tmp = join(this.dir, `.${hash}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (!mine(this.dir)) return;
      writeFileSync(tmp, JSON.stringify({ format: FORMAT, key, deps, lines } satisfies Entry), { mode: 0o600, flag: "wx" });
      renameSync(tmp, join(this.dir, `${hash}.json`));
      this.prune();
    } catch {
      rmSync(tmp, { force: true });
    }
  }

  /** Removes the entries unused for STALE_DAYS (configurations gone, older code), and killed writers' temporaries. */
  prune(now = Date.now()): void {
    pruneCacheDir(this.dir, (name) => name.endsWith(".json"), now);
  }
}
