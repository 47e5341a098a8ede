import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { Expr } from "../ast.ts";
import { parse, ParseError } from "./parse.ts";
import { diskParseCache as cacheOfBytes } from "./parse-cache.ts";
import { createEvaluator, diskParseCache as exported } from "../evaluate.ts";
import { force, NixAttrs } from "../value.ts";

const LANG = join(import.meta.dirname, "../../../test/nix/lang");
const globals = createEvaluator().state.globalNames;
const opts = (file: string, extra: Partial<{ topNames: string[] }> = {}) => ({ file, baseDir: "/dir", globals, ...extra });
const scratch = () => mkdtempSync(join(tmpdir(), "sm-parse-cache-"));
const own = (dir: string) => join(dir, "v5");
const entries = (dir: string) => (existsSync(own(dir)) ? readdirSync(own(dir)).filter((f) => !f.endsWith(".tmp")) : []);
const diskParseCache = (dir: string) => {
  const cache = cacheOfBytes(dir);
  return { parse: (src: string, o: Parameters<typeof cache.parse>[1]) => cache.parse(Buffer.from(src), o) };
};

/** The AST with every deferred subtree loaded, to compare with the parser's. */
function loaded(x: unknown): unknown {
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [k, loaded(v)]));
  if (Array.isArray(x)) return x.map(loaded);
  if (typeof x !== "object" || x === null) return x;
  if ((x as Expr).kind === "deferred") return loaded((x as Expr & { kind: "deferred" }).load());
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, loaded(v)]));
}

/** An entry as the cache writes it: chunks of JSON text. */
function entryText(chunks: unknown[]): string {
  const texts = chunks.map((c) => JSON.stringify(c));
  const rest = `${texts.map((t) => Buffer.byteLength(t)).join(",")}\n${texts.join("")}`;
  return `nix-ast 5 ${createHash("sha256").update(rest).digest("hex")}\n${rest}`;
}

/** Sources with every kind of node: Nix's language tests that parse, and a few of our own. */
function corpus(): { name: string; src: string }[] {
  const out = readdirSync(LANG)
    .filter((f) => f.endsWith(".nix"))
    .map((f) => ({ name: f, src: readFileSync(join(LANG, f), "utf8") }));
  out.push({ name: "own.nix", src: 'rec { a = 1.5e3; b = 1e999; c = -a; d = !true; e = ./x/${"y"}; f = <nixpkgs>; g = ~/h; i = { inherit (a) x; inherit b; "${c}" = 1; }.x or null; j = x@{ y ? 1, ... }: __curPos; k = assert a == a; with a; z; l = a ? b.c; m = [ 9223372036854775807 ]; }' });
  return out;
}

test("a cached parse is the parse: every node kind of the language corpus comes back equal, from the cache", () => {
  const dir = scratch();
  const cache = diskParseCache(dir);
  let parsed = 0;
  for (const { name, src } of corpus()) {
    let direct: Expr;
    let warns = false;
    try {
      direct = parse(src, { ...opts(`/dir/${name}`), warn: () => (warns = true) });
    } catch {
      continue;
    }
    if (warns) continue;
    assert.deepEqual(cache.parse(src, opts(`/dir/${name}`)), direct, `${name}, first parse`);
    const cached = diskParseCache(dir).parse(src, opts(`/dir/${name}`));
    assert.deepEqual(loaded(cached), direct, `${name}, from the cache`);
    parsed++;
  }
  assert.ok(parsed > 200, `${parsed} files of the corpus parsed`);
  assert.equal(entries(dir).length, parsed);
});

test("large subtrees whose compilation can wait are read when loaded, once", () => {
  const dir = scratch();
  const body = `{ ${Array.from({ length: 20 }, (_, i) => `a${i} = builtins.toString ${i};`).join(" ")} }`;
  const src = `{ f = x: ${body}; l = [ (builtins.map (y: y) [ ${"1 ".repeat(60)}]) ]; }`;
  diskParseCache(dir).parse(src, opts("/dir/e.nix"));
  const e = diskParseCache(dir).parse(src, opts("/dir/e.nix")) as Expr & { kind: "attrs" };
  const f = e.bindings.attrs.get("f")?.value as { kind: "plain"; value: Expr & { kind: "lambda" } };
  const fBody = f.value.body;
  assert.equal(fBody.kind, "deferred", "a lambda's body");
  const l = e.bindings.attrs.get("l")?.value as { kind: "plain"; value: Expr & { kind: "list" } };
  assert.equal(l.value.kind, "list", "a list literal is a value at once");
  assert.equal(l.value.items[0]?.kind, "deferred", "a call in it, a thunk, waits");
  const load = (fBody as Expr & { kind: "deferred" }).load;
  assert.equal(load(), load());
  assert.deepEqual(loaded(e), parse(src, opts("/dir/e.nix")));
});

test("chunks are found by their length in bytes: text of several UTF-8 bytes a character before and inside deferred subtrees comes back", () => {
  const dir = scratch();
  const body = `{ ${Array.from({ length: 12 }, (_, i) => `a${i} = "é ✓ 😀 ${i}";`).join(" ")} }`;
  const src = `{ before = "ünïcödé 😀"; f = x: ${body}; g = y: [ "∀" y ]; after = "→"; }`;
  diskParseCache(dir).parse(src, opts("/dir/u.nix"));
  const cached = diskParseCache(dir).parse(src, opts("/dir/u.nix")) as Expr & { kind: "attrs" };
  const f = cached.bindings.attrs.get("f")?.value as { kind: "plain"; value: Expr & { kind: "lambda" } };
  assert.equal(f.value.body.kind, "deferred");
  assert.deepEqual(loaded(cached), parse(src, opts("/dir/u.nix")));
});

test("a hit is read from the cache, not parsed again; the key covers file, directory, names in scope and text", () => {
  const dir = scratch();
  diskParseCache(dir).parse('"original"', opts("/dir/a.nix"));
  const [entry] = entries(dir);
  assert.ok(entry !== undefined);
  // Rewrite the entry (with a matching checksum): what comes back proves where it came from.
  writeFileSync(join(own(dir), entry), entryText([["s", 1, 1, "from the cache"]]));
  assert.deepEqual(diskParseCache(dir).parse('"original"', opts("/dir/a.nix")), { kind: "str", value: "from the cache", span: { file: "/dir/a.nix", line: 1, column: 1 } });
  const cache = diskParseCache(dir);
  assert.equal((cache.parse('"original"', opts("/dir/b.nix")) as { value: string }).value, "original", "another file");
  assert.equal((cache.parse('"original"', { ...opts("/dir/a.nix"), baseDir: "/other" }) as { value: string }).value, "original", "another directory");
  assert.equal((cache.parse('"original"', opts("/dir/a.nix", { topNames: ["x"] })) as { value: string }).value, "original", "other names in scope");
  assert.equal((cache.parse('"original" ', opts("/dir/a.nix")) as { value: string }).value, "original", "other text");
  assert.equal(entries(dir).length, 5);
});

test("a corrupt, truncated or foreign entry is ignored and replaced; the source is parsed", () => {
  const src = "{ a = x: x + 1; b = [ 1 2 ]; }";
  const expected = parse(src, opts("/dir/c.nix"));
  const dir = scratch();
  diskParseCache(dir).parse(src, opts("/dir/c.nix"));
  const entry = join(own(dir), entries(dir)[0] as string);
  const good = readFileSync(entry, "utf8");
  const bad = [
    "",
    good.slice(0, good.length - 5),
    good.replace("nix-ast 4 ", "nix-ast 3 "),
    good.replace('"b"', '"c"'),
    good.slice(0, good.indexOf("\n")),
    entryText([["nonsense"]]),
    entryText([["~", 1, 1, 7]]),
    entryText([["L", 1, 1, [["~", 1, 1, 0]]]]).replace(/^(nix-ast 4 \S+\n)\d+/, (_m, head: string) => `${head}-3`),
    "\u0000\u0001binary",
  ];
  for (const b of bad) {
    writeFileSync(entry, b);
    assert.deepEqual(diskParseCache(dir).parse(src, opts("/dir/c.nix")), expected, JSON.stringify(b.slice(0, 40)));
    assert.equal(readFileSync(entry, "utf8"), good, "rewritten");
  }
});

test("a cache of another format version is removed when this one is first written", () => {
  const dir = scratch();
  mkdirSync(join(dir, "v1"));
  writeFileSync(join(dir, "v1", "x"), "old");
  mkdirSync(join(dir, "other"));
  diskParseCache(dir).parse("1", opts("/dir/v.nix"));
  assert.deepEqual(readdirSync(dir).sort(), ["other", "v5"]);
});

test("files with problems are not cached: their errors always come from the parser", () => {
  const dir = scratch();
  for (let i = 0; i < 2; i++) {
    assert.throws(() => diskParseCache(dir).parse("{ a = ; }", opts("/dir/bad.nix")), ParseError);
    assert.throws(() => diskParseCache(dir).parse("x", opts("/dir/undefined.nix")), /undefined variable 'x'/);
  }
  assert.deepEqual(entries(dir), []);
});

test("files whose parse warns are not cached: the warning comes every time, as from Nix", () => {
  const dir = scratch();
  const warned: string[] = [];
  const o = { ...opts("/dir/cursed.nix"), warn: (m: string) => warned.push(m) };
  for (let i = 0; i < 2; i++) diskParseCache(dir).parse("let or = 1; in [ (x: x) or ]", o);
  assert.equal(warned.length, 2);
  assert.deepEqual(entries(dir), []);
});

test("an unwritable cache directory only costs the parse", { skip: process.getuid?.() === 0 ? "root writes through permissions" : undefined }, () => {
  const dir = scratch();
  chmodSync(dir, 0o500);
  assert.equal(diskParseCache(dir).parse("1", opts("/dir/d.nix")).kind, "int");
  assert.equal(diskParseCache(join(dir, "sub")).parse("1", opts("/dir/d.nix")).kind, "int");
});

test("imports go through the evaluator's parse cache, and evaluate the same from it", () => {
  const src = scratch();
  writeFileSync(join(src, "default.nix"), 'let f = import ./f.nix; in { x = f 2; y = builtins.toString ./f.nix; }');
  writeFileSync(join(src, "f.nix"), "n: n * 21");
  const dir = scratch();
  const run = () => {
    const v = force(createEvaluator({ parseCache: exported(dir), pure: false }).importPath(src)) as NixAttrs;
    return [v.get("x"), v.get("y")];
  };
  assert.deepEqual(run(), [42n, join(src, "f.nix")]);
  assert.equal(entries(dir).length, 2);
  assert.deepEqual(run(), [42n, join(src, "f.nix")]);
});

test("a source with bytes outside UTF-8 is parsed with those bytes kept, and not cached (the entries are UTF-8 text)", () => {
  const dir = scratch();
  const cache = cacheOfBytes(dir);
  const source = Buffer.concat([Buffer.from('{ s = "a'), Buffer.of(0xff), Buffer.from('b"; }')]);
  for (let i = 0; i < 2; i++) {
    const texts: string[] = [];
    const walk = (x: unknown): void => {
      if (typeof x === "string") texts.push(x);
      else if (x instanceof Map) [...x.values()].forEach(walk);
      else if (typeof x === "object" && x !== null) Object.values(x).forEach(walk);
    };
    walk(loaded(cache.parse(source, opts("/dir/bytes.nix"))));
    assert.ok(texts.includes("a\udcffb"), texts.join(" "));
  }
  assert.deepEqual(entries(dir), []);
});
