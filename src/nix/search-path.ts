/**
 * Nix's search path, what `<name>` and `builtins.findFile` look in: entries
 * `prefix=path` or `path`, from `-I` first, then $NIX_PATH (colon-separated,
 * though a URL's own colon does not split it), then the channel
 * directories that exist, as Nix builds `builtins.nixPath`. Pure
 * evaluation has an empty search path. `findInSearchPath` is Nix's
 * findFile: the first entry whose prefix matches the name (a non-empty
 * prefix must be followed by `/` or end the name) and under whose path the
 * rest of the name exists; a relative entry is relative to the working
 * directory; URL entries (which Nix downloads) are skipped. `nix/…` not
 * found otherwise is Nix's own file (./corepkgs/).
 */
import { canonPath } from "./canon-path.ts";
import { CORE_PACKAGES_DIR } from "./corepkgs/core-packages.ts";
import { CatchableError } from "./errors.ts";
import type { EvalIO } from "./io.ts";

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

/** The path `name` names in the search path, or a catchable error as Nix's (tryEval catches it). */
export function findInSearchPath(io: EvalIO, entries: readonly SearchPathEntry[], name: string, pure: boolean, cwd: string = process.cwd()): string {
  for (const { prefix, path } of entries) {
    const suffix = suffixAfterPrefix(prefix, name);
    if (suffix === undefined || isPseudoUrl(path) || path.startsWith("flake:")) continue;
    const base = path.startsWith("/") ? path : `${cwd}/${path}`;
    const candidate = canonPath(suffix === "" ? base : `${base}/${suffix}`);
    if (io.pathExists(candidate)) return candidate;
  }
  if (name.startsWith("nix/")) return `${CORE_PACKAGES_DIR}/${name.slice(4)}`;
  throw new CatchableError(
    pure
      ? `cannot look up '<${name}>' in pure evaluation mode (use '--impure' to override)`
      : `file '${name}' was not found in the Nix search path (add it using $NIX_PATH or -I)`,
  );
}
