/**
 * Parsed files kept on disk between runs, keyed by what the parse depends
 * on: the source text, the file name (spans), its directory (path
 * literals), the base environment's names and any scopedImport names
 * (scope resolution), and this format's version. An entry is one file,
 * `nix-ast <version> <sha256 of the rest>\n<lengths>\n<chunks>`: the
 * chunks of ./ast-codec.ts's JSON, one after the other, their lengths
 * comma-separated; written to a temporary name and renamed into place.
 * Deferred chunks are decoded when the evaluator compiles them. A missing, truncated, corrupt or unreadable entry is a miss: the
 * source is parsed again and the entry rewritten. Only files that parse
 * without problems are stored, so errors always come from the parser.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Expr } from "../ast.ts";
import { decodeAst, encodeAst } from "./ast-codec.ts";
import { parse, type ParseOptions } from "./parse.ts";

/** Bump when the AST, the codec or the parser's output changes. */
const VERSION = "2";
const MAGIC = `nix-ast ${VERSION} `;

export interface ParseCache {
  /** The parsed file, from the cache when it holds this exact parse. */
  parse(src: string, opts: ParseOptions): Expr;
}

/** A cache in `dir` (created when first written; never read from or written to elsewhere). */
export function diskParseCache(dir: string): ParseCache {
  let salts: { globals: ReadonlySet<string>; salt: string } | undefined;
  let made = false;
  const saltOf = (globals: ReadonlySet<string>): string => {
    if (salts?.globals !== globals) salts = { globals, salt: [...globals].join("\0") };
    return salts.salt;
  };
  return {
    parse(src, opts) {
      const key = createHash("sha256")
        .update(`${MAGIC}\0${opts.file}\0${opts.baseDir}\0${saltOf(opts.globals)}\0${(opts.topNames ?? []).join("\0")}\0`)
        .update(src)
        .digest("hex");
      const entry = join(dir, key);
      const hit = read(entry, opts.file);
      if (hit !== undefined) return hit;
      const expr = parse(src, opts);
      try {
        if (!made) mkdirSync(dir, { recursive: true });
        made = true;
        write(entry, expr);
      } catch {
        // A cache that cannot be written (read-only, full) only costs the next run a parse.
      }
      return expr;
    },
  };
}

function read(entry: string, file: string): Expr | undefined {
  let text: string;
  try {
    text = readFileSync(entry, "utf8");
  } catch {
    return undefined;
  }
  try {
    const nl = text.indexOf("\n");
    if (nl < 0 || !text.startsWith(MAGIC)) return undefined;
    const rest = text.slice(nl + 1);
    if (text.slice(MAGIC.length, nl) !== digest(rest)) return undefined;
    const nl2 = rest.indexOf("\n");
    const starts: number[] = [];
    const ends: number[] = [];
    let at = nl2 + 1;
    for (const l of rest.slice(0, nl2).split(",")) {
      const n = Number(l);
      if (!Number.isSafeInteger(n) || n < 0) return undefined;
      starts.push(at);
      ends.push((at += n));
    }
    if (at !== rest.length) return undefined;
    return decodeAst({ count: starts.length, text: (i) => rest.slice(starts[i], ends[i]) }, file);
  } catch {
    return undefined;
  }
}

function write(entry: string, expr: Expr): void {
  const chunks = encodeAst(expr);
  const rest = `${chunks.map((c) => c.length).join(",")}\n${chunks.join("")}`;
  const tmp = `${entry}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${MAGIC}${digest(rest)}\n${rest}`);
    renameSync(tmp, entry);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
