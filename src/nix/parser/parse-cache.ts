/**
 * Parsed files kept on disk between runs, keyed by what the parse depends
 * on: the source bytes, the file name (spans), its directory (path
 * literals), the base environment's names and any scopedImport names
 * (scope resolution), and this format's version. An entry is one file,
 * `nix-ast <version> <sha256 of the rest>\n<lengths>\n<chunks>`: the
 * JSON chunks of ./ast-encode.ts one after the other, their lengths in
 * UTF-8 bytes comma-separated; written to a temporary name and renamed
 * into place. Deferred chunks are decoded (./ast-decode.ts) when the
 * evaluator compiles them, from the entry's bytes: those stay outside the
 * JavaScript heap (the collector neither copies nor marks them), and a
 * chunk never compiled is never turned into text. A missing, truncated,
 * corrupt or unreadable entry is a miss: the source is parsed again and
 * the entry rewritten. Only files that parse without problems or
 * warnings are stored, so errors and warnings always come from the parser;
 * and only UTF-8 ones (the chunks are UTF-8 text, which cannot hold the
 * other bytes ../byte-string.ts keeps).
 */
import { isUtf8 } from "node:buffer";
import { createHash, type Hash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Expr } from "../ast.ts";
import { decodeBytes } from "../byte-string.ts";
import { decodeAst } from "./ast-decode.ts";
import { encodeAst } from "./ast-encode.ts";
import { parse, warnOnStderr, type ParseOptions } from "./parse.ts";
import { syncEntryWriter, type EntryWriter } from "./entry-writer.ts";

/** Bump when the AST, the codec or the parser's output changes. */
const VERSION = "5";
const MAGIC = `nix-ast ${VERSION} `;

export interface ParseCache {
  /** The parsed file (its bytes, UTF-8), from the cache when it holds this exact parse. */
  parse(source: Buffer, opts: ParseOptions): Expr;
}

/**
 * A cache under `dir` (its `v<version>` directory, created when first
 * written, when the other versions' directories are removed); `writer`
 * writes its entries (entry-writer.ts: at once, or on a thread of its own).
 */
export function diskParseCache(dir: string, writer: EntryWriter = syncEntryWriter): ParseCache {
  const own = join(dir, `v${VERSION}`);
  let base: { globals: ReadonlySet<string>; hash: Hash } | undefined;
  let made = false;
  // What every key starts with, hashed once: the version and the base environment's names.
  const baseHash = (globals: ReadonlySet<string>): Hash => {
    if (base?.globals !== globals) base = { globals, hash: createHash("sha256").update(`${MAGIC}\0${[...globals].join("\0")}\0`) };
    return base.hash;
  };
  return {
    parse(source, opts) {
      const key = baseHash(opts.globals)
        .copy()
        .update(`${opts.file}\0${opts.baseDir}\0${(opts.topNames ?? []).join("\0")}\0`)
        .update(source)
        .digest("hex");
      const entry = join(own, key);
      const hit = read(entry, opts.file);
      if (hit !== undefined) return hit;
      let warned = false;
      const expr = parse(decodeBytes(source), {
        ...opts,
        warn: (m) => {
          warned = true;
          (opts.warn ?? warnOnStderr)(m);
        },
      });
      if (warned || !isUtf8(source)) return expr;
      try {
        if (!made) {
          mkdirSync(own, { recursive: true });
          for (const old of readdirSync(dir)) if (/^v\d+$/.test(old) && old !== `v${VERSION}`) rmSync(join(dir, old), { recursive: true, force: true });
        }
        made = true;
        writer.write(entry, entryText(expr));
      } catch {
        // A cache that cannot be written (read-only, full) only costs the next run a parse.
      }
      return expr;
    },
  };
}

function read(entry: string, file: string): Expr | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(entry);
  } catch {
    return undefined;
  }
  try {
    const nl = bytes.indexOf(10);
    if (nl < 0 || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) return undefined;
    if (bytes.toString("latin1", MAGIC.length, nl) !== digest(bytes.subarray(nl + 1))) return undefined;
    const nl2 = bytes.indexOf(10, nl + 1);
    if (nl2 < 0) return undefined;
    const starts: number[] = [];
    const ends: number[] = [];
    let at = nl2 + 1;
    for (const l of bytes.toString("latin1", nl + 1, nl2).split(",")) {
      const n = Number(l);
      if (!Number.isSafeInteger(n) || n < 0) return undefined;
      starts.push(at);
      ends.push((at += n));
    }
    if (at !== bytes.length) return undefined;
    return decodeAst({ count: starts.length, text: (i) => bytes.toString("utf8", starts[i], ends[i]) }, file);
  } catch {
    return undefined;
  }
}

/** An entry's text: the magic with the digest of the rest, the chunks' lengths, the chunks. */
function entryText(expr: Expr): string {
  const chunks = encodeAst(expr);
  const rest = `${chunks.map((c) => Buffer.byteLength(c)).join(",")}\n${chunks.join("")}`;
  return `${MAGIC}${digest(rest)}\n${rest}`;
}

function digest(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
