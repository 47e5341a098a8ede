/**
 * Nix's search path, what `<name>` and `builtins.findFile` look in: entries
 * `prefix=path` or `path`, from `-I` first, then $NIX_PATH (colon-separated,
 * though a URL's own colon does not split it), then the channel
 * directories that exist, as Nix builds `builtins.nixPath`. Pure
 * evaluation has an empty search path. `findInSearchPath` is current
 * Nix's findFile: the first entry whose prefix matches the name (a
 * non-empty prefix must be followed by `/` or end the name) and under
 * whose path the rest of the name (its `..` kept below the entry)
 * exists, answered with its symlinks resolved; a relative entry is
 * relative to the working directory; URL entries (which Nix downloads)
 * are skipped. An entry is resolved the first time a name's prefix
 * matches it, once per evaluation (per EvalIO, as Nix's EvalState keeps
 * it): one that does not exist is warned about then ("warning: Nix
 * search path entry '…' does not exist, ignoring") and ignored after.
 * `nix/…` not found otherwise is Nix's own file (./corepkgs/).
 */
import { canonPath } from "./canon-path.ts";
import { CORE_PACKAGES_DIR } from "./corepkgs/core-packages.ts";
import { CatchableError } from "./errors.ts";
import type { EvalIO } from "./io.ts";
import { stderrLine } from "./stderr-text.ts";

export interface SearchPathEntry {
  readonly prefix: string;
  readonly path: string;
}

/** `prefix=path`, or `path` with an empty prefix (an `-I` argument, or one element of $NIX_PATH). */
export function parseSearchPathEntry(raw: string): SearchPathEntry {
  const eq = raw.indexOf("=");
  return eq < 0 ? { prefix: "", path: raw } : { prefix: raw.slice(0, eq), path: raw.slice(eq + 1) };
}

/** Whether Nix downloads the entry (`https://…`, `channel:…`) rather than reading a directory. */
export function isPseudoUrl(s: string): boolean {
  if (s.startsWith("channel:")) return true;
  const m = /^([^:]*):\/\//.exec(s);
  return m !== null && ["http", "https", "file", "channel", "git", "s3", "ssh"].includes(m[1] as string);
}

/** $NIX_PATH's elements: split on `:`, except the colon inside an entry's URL (`nixpkgs=https://…`, `flake:…`). */
export function parseNixPath(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < s.length) {
    let end = s.indexOf(":", start);
    if (end < 0) end = s.length;
    const head = s.slice(start, end);
    const value = head.slice(head.lastIndexOf("=") + 1);
    const rest = value + s.slice(end);
    if (end < s.length && (isPseudoUrl(rest) || rest.startsWith("flake:"))) {
      const next = s.indexOf(":", end + 1);
      end = next < 0 ? s.length : next;
    }
    const elem = s.slice(start, end);
    if (elem !== "" || end < s.length) out.push(elem);
    start = end + 1;
  }
  return out;
}

export interface SearchPathSources {
  /** `-I` arguments, in order. */
  readonly include: readonly string[];
  /** $NIX_PATH, when set. */
  readonly nixPath: string | undefined;
  /** Channel directories added when they exist: `~/.nix-defexpr/channels`, root's channels. */
  readonly defaults: readonly string[];
}

/** The search path of an impure evaluation: `-I`'s entries, $NIX_PATH's, then the default channels. */
export function searchPathOf(sources: SearchPathSources): SearchPathEntry[] {
  const raw = [...sources.include, ...(sources.nixPath === undefined ? [] : parseNixPath(sources.nixPath)), ...sources.defaults];
  return raw.map(parseSearchPathEntry);
}

/** The rest of `name` after `prefix`, or undefined when the prefix does not match (Nix's suffixIfPotentialMatch). */
export function suffixAfterPrefix(prefix: string, name: string): string | undefined {
  const n = prefix.length;
  const needSeparator = n > 0 && n < name.length;
  if (needSeparator && name[n] !== "/") return undefined;
  if (!name.startsWith(prefix)) return undefined;
  return name.slice(needSeparator ? n + 1 : n);
}

/** Each evaluation's entries as resolved: an entry's absolute path, or undefined when it does not exist. */
const resolvedEntries = new WeakMap<EvalIO, Map<string, string | undefined>>();

export interface FindOptions {
  /** What relative entries are relative to (the working directory when absent). */
  readonly cwd?: string;
  /** Where the warning about a missing entry goes (stderr, as Nix's, when absent). */
  readonly warn?: (message: string) => void;
}

/** The absolute path of the entry `path`, or undefined, warned about the first time, when it does not exist. */
function resolveEntry(io: EvalIO, path: string, opts: FindOptions): string | undefined {
  let resolved = resolvedEntries.get(io);
  if (resolved === undefined) resolvedEntries.set(io, (resolved = new Map()));
  if (resolved.has(path)) return resolved.get(path);
  const abs = canonPath(path.startsWith("/") ? path : `${opts.cwd ?? process.cwd()}/${path}`);
  const found = io.pathExists(abs) ? abs : undefined;
  if (found === undefined) (opts.warn ?? ((m) => stderrLine("warning: ", m)))(`Nix search path entry '${path}' does not exist, ignoring`);
  resolved.set(path, found);
  return found;
}

/** The path `name` names in the search path, its symlinks resolved, or a catchable error as Nix's (tryEval catches it). */
export function findInSearchPath(io: EvalIO, entries: readonly SearchPathEntry[], name: string, pure: boolean, opts: FindOptions = {}): string {
  for (const { prefix, path } of entries) {
    const suffix = suffixAfterPrefix(prefix, name);
    if (suffix === undefined || isPseudoUrl(path) || path.startsWith("flake:")) continue;
    const base = resolveEntry(io, path, opts);
    if (base === undefined) continue;
    // The rest of the name is made canonical on its own, as Nix's CanonPath: its ".." stop at the entry.
    const candidate = suffix === "" ? base : canonPath(`${base}${canonPath(`/${suffix}`)}`);
    if (io.pathExists(candidate)) return io.realPath?.(candidate) ?? candidate;
  }
  if (name.startsWith("nix/")) return `${CORE_PACKAGES_DIR}/${name.slice(4)}`;
  throw new CatchableError(
    pure
      ? `cannot look up '<${name}>' in pure evaluation mode (use '--impure' to override)`
      : `file '${name}' was not found in the Nix search path (add it using $NIX_PATH or -I)`,
  );
}
