/**
 * An exception a TypeScript configuration's own code throws (at import,
 * in a module function, a getter, a `lazy` or `mkIf` callback) is the
 * user's mistake, not ours: it becomes a UserError located at the line of
 * the configuration that threw, found from the error's stack through the
 * bundle's inline source map. An error whose throw site is our code stays
 * a bug; a thrown non-Error has no stack and can only be the user's. A
 * value the configuration read before it could be known (NotYetKnownError)
 * is located at the configuration's line that read it.
 *
 *     const toUserError = userCodeErrors(entry, bundleFile);
 *     try { … } catch (e) { throw toUserError(e); }
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import type { Span } from "../diagnostics/location.ts";
import { UserError } from "../diagnostics/user-error.ts";
import { NotYetKnownError } from "../nix/errors.ts";

/** What recordPositions inserts on a line: `__smPositions(` and `, [["key",line,column],…])`. */
const INSERTED = /__smPositions\(|, \[(?:\["(?:[^"\\]|\\.)*",\d+,\d+\],?)*\]\)/g;

interface Frame {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

interface InlineMap {
  readonly map: SourceMap;
  readonly sources: readonly string[];
  readonly contents: readonly (string | null)[];
}

/** The source map a bundle carries inline (esbuild's `sourcemap: "inline"`, last in the code), with where its comment starts. */
export function inlineSourceMap(code: string): { readonly index: number; readonly map: { sources: string[]; sourcesContent?: (string | null)[] } } | undefined {
  const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  return m === null ? undefined : { index: m.index, map: JSON.parse(Buffer.from(m[1] as string, "base64").toString("utf8")) };
}

function readInlineMap(bundleFile: string): InlineMap | undefined {
  const payload = inlineSourceMap(readFileSync(bundleFile, "utf8"))?.map;
  if (payload === undefined) return undefined;
  const sources = payload.sources.map((s) => (s.startsWith("file:") ? fileURLToPath(s) : s));
  return { map: new SourceMap(payload as never), sources, contents: payload.sourcesContent ?? [] };
}

/** The frames of `stack` outside Node's internals, innermost first (file paths; URLs made paths). */
function frames(stack: string): Frame[] {
  const out: Frame[] = [];
  for (const l of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/|node:)?\/?[^\s()]*?):(\d+):(\d+)\)?$/.exec(l.trim());
    if (m === null) continue;
    const at = m[1] as string;
    if (at.startsWith("node:")) continue;
    out.push({ file: at.startsWith("file:") ? fileURLToPath(at) : at, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/** A position (1-based) in a recordPositions output as one in the file itself: lines agree, columns lose the insertions. */
function originalColumn(content: string | null | undefined, line: number, column: number): number {
  const text = content?.split("\n")[line - 1];
  if (text === undefined) return column;
  return column - [...text.slice(0, column - 1).matchAll(INSERTED)].reduce((n, x) => n + x[0].length, 0);
}

/** Where in the configuration's own files `site` is: the bundle mapped through its map, or a source already mapped (source maps enabled). */
function locate(site: Frame, bundleFile: string, inline: () => InlineMap | undefined): Span | undefined {
  const m = inline();
  if (site.file === bundleFile) {
    const hit = m?.map.findEntry(site.line - 1, site.column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (m === undefined || hit?.originalSource === undefined || hit.originalLine === undefined) return undefined;
    const file = hit.originalSource.startsWith("file:") ? fileURLToPath(hit.originalSource) : hit.originalSource;
    const line = hit.originalLine + 1;
    return { file, line, column: originalColumn(m.contents[m.sources.indexOf(file)], line, (hit.originalColumn ?? 0) + 1) };
  }
  const index = m?.sources.indexOf(site.file) ?? -1;
  if (m === undefined || index < 0) return undefined;
  return { file: site.file, line: site.line, column: originalColumn(m.contents[index], site.line, site.column) };
}

function showThrown(e: unknown): string {
  try {
    return typeof e === "string" ? JSON.stringify(e) : String(e);
  } catch {
    return `a ${typeof e}`;
  }
}

/** A translator of exceptions for the configuration `entry` bundled into `bundleFile`. */
export function userCodeErrors(entry: string, bundleFile: string, prefix = (file: string) => `The configuration '${file}'`): (e: unknown) => unknown {
  let cached: InlineMap | undefined | null = null;
  const inline = () => {
    if (cached === null) {
      try {
        cached = readInlineMap(bundleFile);
      } catch {
        cached = undefined;
      }
    }
    return cached;
  };
  return (e) => {
    if (e instanceof NotYetKnownError && e.location === undefined) return locatedInConfig(e, (f) => locate(f, bundleFile, inline));
    if (e instanceof UserError) return e;
    if (!(e instanceof Error)) return new UserError(`${prefix(entry)} threw ${showThrown(e)}`, { file: entry, line: 0, column: 0 });
    const site = frames(e.stack ?? "")[0];
    const location = site === undefined ? undefined : locate(site, bundleFile, inline);
    if (location === undefined) return e;
    const error = new UserError(`${prefix(entry)} threw ${e.name}: ${e.message}`, location);
    error.cause = e;
    return error;
  };
}

/** A value needed before it was known, located at the configuration's line that needed it (the innermost frame in its files). */
function locatedInConfig(e: NotYetKnownError, at: (f: Frame) => Span | undefined): UserError {
  for (const f of frames(e.stack ?? "")) {
    const location = at(f);
    if (location !== undefined) {
      const located = new NotYetKnownError(e.message.replace(/^infinite recursion encountered: /, ""), location);
      located.context.push(...e.context);
      return located;
    }
  }
  return e;
}
