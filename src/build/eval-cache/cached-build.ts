/**
 * A build through the evaluation cache, as Nix's flake evaluation cache:
 * an invocation whose key (invocation-key.ts) has an entry (of the few it
 * keeps, the most recently used tried first) whose every recorded
 * dependency still holds, whose generation is still in the store with its
 * closure, gets that generation without evaluating; its warnings
 * are printed again (a build under abort-on-warn stops at one, as the
 * evaluation would have: CachedBuildRequest.replayed). Otherwise the
 * build runs with an EvalRecorder watching, and its result is stored with
 * what it read. Any doubt means evaluating: an entry that is unreadable, of another format, not ours or
 * not matching is no entry, and an evaluation that read what cannot be
 * recorded is not stored. An entry that held only as its flake's content
 * (its files' stat changed: a touch, a checkout back, a change undone) is
 * written again with the stat seen now, so the next lookup does not read
 * the tree's content again.
 *
 *     const storePath = await cachedBuild({ root, invocation, lookup: true, store: true, stderr }, (recorder, stderr) => build(…));
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR, storeEntryName, type StorePath } from "../../store/store-path.ts";
import { CacheFiles, ENTRY_FORMAT, type CachedResult, type ReadEntry } from "./cache-file.ts";
import { firstChanged, Observation } from "./dependency.ts";
import { firstMissing } from "./first-missing.ts";
import { closureSeen, noteClosureSeen, storeStateBefore } from "./closure-seen.ts";
import { EvalRecorder } from "./eval-recorder.ts";
import { invocationKey, type Invocation } from "./invocation-key.ts";

/** What a build prints that a cache hit prints again: its warnings, but not that it wrote the lock (a hit writes nothing). */
const WARNING = /^(evaluation )?warning: (?!(creating|updating) lock file )/;
/**
 * The lock's warning that an input could not be fetched and its built-in
 * stand-in served (src/flake/locked-flake.ts): online, the result then
 * depends on the network, so it is not stored (as Nix caches only locked
 * flakes). Offline it depends on the fetch cache, which the build records.
 */
const UNFETCHED = /^warning: cannot fetch input '/;

export interface CachedBuildRequest {
  readonly root: string;
  readonly invocation: Invocation;
  /** Whether an entry may answer (off with --no-eval-cache, and when the inputs are to be resolved again). */
  readonly lookup: boolean;
  /** Whether the result may be stored (off with --no-eval-cache, and when it depends on a one-off --override-input). */
  readonly store: boolean;
  readonly stderr: (text: string) => void;
  /** Called with each warning a hit prints again, once printed (abort-on-warn stops the build there by throwing). */
  readonly replayed?: (warning: string) => void;
  /** --verbose: whether the cache answered, and why not. */
  readonly debug?: (line: string) => void;
}

/** Why `entry` cannot answer now, or undefined when it can; `closureKnown`: its closure is known to be in the store (closure-seen.ts). */
export function entryProblem(entry: ReadEntry, root: string, observation: Observation, closureKnown = false): string | undefined {
  const changed = firstChanged(entry.deps, observation.env, observation);
  if (changed !== undefined) return `${changed.kind} ${changed.path} changed`;
  if (closureKnown) return undefined;
  const closure = entry.closure();
  if (closure === undefined) return `the entry's closure is not whole`;
  const gone = firstMissing(join(root, STORE_DIR), closure);
  if (gone !== undefined) return `${gone} is no longer in the store`;
  return undefined;
}

/**
 * The store entries `storePath` needs under `root`: itself and what it
 * refers to, transitively. Best taken in the thread that built it, which
 * knows the references of what it wrote or found (known-references.ts);
 * elsewhere they are read back from disk.
 */
export async function closureOf(root: string, storePath: string): Promise<string[]> {
  const { references } = await import("../../packages/gc.ts");
  const { knownReferences } = await import("../../store/known-references.ts");
  const storeDir = join(root, STORE_DIR);
  const seen = new Set<string>();
  // A path this thread wrote or found whole is there (a temporary GC root of this process: gc leaves it) and its references are known;
  // any other is looked up in one listing of the store, taken only if one is asked about (a large home's closure holds thousands of text paths), and read.
  let listing: ReadonlySet<string> | undefined;
  const stack = [storeEntryName(storePath as StorePath)];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (seen.has(n)) continue;
    const known = knownReferences(`${storeDir}/${n}`);
    if (known === undefined && !(listing ??= storeListing(storeDir)).has(n)) continue;
    seen.add(n);
    for (const r of known ?? references(root, n)) stack.push(r);
  }
  return [...seen].sort();
}

function storeListing(storeDir: string): ReadonlySet<string> {
  try {
    return new Set(readdirSync(storeDir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return new Set();
    throw e;
  }
}

/** The cached result for `req`, when one of its entries is valid (its generation kept in the store from now on). */
export async function cachedResult(
  req: CachedBuildRequest,
  files: CacheFiles,
  key: { key: string; hash: string },
  why: (miss: string) => void = () => undefined,
): Promise<Omit<CachedResult, "closure"> | undefined> {
  const names = files.entriesOf(key.hash);
  if (names.length === 0) return void why("no entry for this invocation");
  const storeDir = join(req.root, STORE_DIR);
  // Environment variables as the evaluator reads them (nodeIO: this process's); each path looked at once for all entries.
  const observation = new Observation(process.env);
  const problems: string[] = [];
  for (const name of names) {
    const entry = files.read(name, key.key);
    if (entry === undefined) {
      problems.push(`${name} is not a whole entry of this invocation`);
      continue;
    }
    const known = closureSeen(files, name, storeDir);
    const before = known ? undefined : storeStateBefore(storeDir);
    const problem = entryProblem(entry, req.root, observation, known);
    if (problem !== undefined) {
      problems.push(problem);
      continue;
    }
    if (!known && req.store) noteClosureSeen(files, name, storeDir, before);
    const { keptInStore } = await import("../../store/write-store-path.ts");
    if (!keptInStore(req.root, entry.result.storePath)) {
      problems.push(`${entry.result.storePath} could not be kept in the store`);
      continue;
    }
    const deps = entry.deps.map((d) => observation.refreshed(d));
    if (req.store && deps.some((d, i) => d !== entry.deps[i])) rewrite(files, key.hash, name, { ...entry, deps });
    else files.touch(name);
    return entry.result;
  }
  return void why(problems.join("; "));
}

/** For each entry this process stored, its closure-seen note to write (noteBuiltClosures). */
const builtClosures: (() => void)[] = [];

/**
 * Notes, of each entry this process stored, that its closure is in the
 * store, as a hit does (closure-seen.ts: the names looked up against one
 * listing, after reading the directory's state), so that the next hit need
 * not. switch calls it once it has activated: by then the build's last
 * write into the store directory is usually old enough for its state to
 * be noted (a large home's activation takes seconds), and the first no-op
 * switch after it skips the lookup (10,000 names: some 35 ms).
 */
export function noteBuiltClosures(): void {
  for (const note of builtClosures.splice(0)) note();
}

function noteIfWhole(files: CacheFiles, name: string, storeDir: string, closure: readonly string[]): void {
  try {
    const before = storeStateBefore(storeDir);
    if (before !== undefined && firstMissing(storeDir, closure) === undefined) noteClosureSeen(files, name, storeDir, before);
  } catch {
    // Not noted: the next hit looks the names up.
  }
}

/** Writes `entry` again as it holds now (marking it used); where it cannot be, only marks it used. */
function rewrite(files: CacheFiles, keyHash: string, name: string, { closure: readClosure, ...entry }: ReadEntry): void {
  try {
    const closure = readClosure();
    if (closure !== undefined && files.write(keyHash, { ...entry, result: { ...entry.result, closure } }) !== undefined) return;
  } catch {
    // As a hit that cannot refresh its entry: it is read by its content again next time.
  }
  files.touch(name);
}

export async function cachedBuild(req: CachedBuildRequest, build: (recorder: EvalRecorder | undefined, stderr: (text: string) => void) => Promise<string>): Promise<string> {
  const files = new CacheFiles(req.root);
  const problem = req.lookup || req.store ? files.problem() : undefined;
  if ((!req.lookup && !req.store) || problem !== undefined) {
    if (problem !== undefined) req.stderr(`warning: not using the evaluation cache: ${problem}\n`);
    else req.debug?.("eval cache: off (--no-eval-cache or --repair): evaluating");
    return build(undefined, req.stderr);
  }
  const key = invocationKey(req.invocation);
  const hit = req.lookup ? await cachedResult(req, files, key, (why) => req.debug?.(`eval cache: miss (${key.hash}): ${why}`)) : undefined;
  if (!req.lookup) req.debug?.(`eval cache: not looked up (${key.hash}): inputs are resolved again or overridden once`);
  if (hit !== undefined) {
    req.debug?.(`eval cache: hit (${key.hash}): ${hit.storePath}, nothing evaluated`);
    for (const w of hit.warnings) {
      req.stderr(w);
      req.replayed?.(w);
    }
    return hit.storePath;
  }
  const recorder = new EvalRecorder({ root: req.root, impure: req.invocation.impure, writes: req.store });
  const warnings: string[] = [];
  const stderr = (t: string) => {
    if (!req.invocation.offline && UNFETCHED.test(t)) recorder.uncacheable ??= "an input could not be fetched";
    if (WARNING.test(t)) warnings.push(t);
    req.stderr(t);
  };
  recorder.start();
  let storePath: string;
  try {
    storePath = await build(recorder, stderr);
  } finally {
    recorder.stop();
  }
  if (req.store && recorder.uncacheable === undefined) {
    try {
      const closure = recorder.closure ?? (await closureOf(req.root, storePath));
      const name = files.write(key.hash, { format: ENTRY_FORMAT, key: key.key, deps: recorder.dependencies, result: { storePath, closure, warnings } });
      if (name !== undefined) builtClosures.push(() => noteIfWhole(files, name, join(req.root, STORE_DIR), closure));
      req.debug?.(`eval cache: stored (${key.hash}) with ${recorder.dependencies.length} dependencies`);
    } catch (e) {
      req.stderr(`warning: cannot write the evaluation cache in ${files.dir}: ${(e as Error).message}\n`);
    }
  } else req.debug?.(`eval cache: not stored: ${recorder.uncacheable ?? "a dry run, or a one-off override"}`);
  return storePath;
}
