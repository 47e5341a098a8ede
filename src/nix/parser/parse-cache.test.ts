import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { Expr } from "../ast.ts";
import { parse, ParseError } from "./parse.ts";
import { diskParseCache } from "./parse-cache.ts";
import { createEvaluator, diskParseCache as exported } from "../evaluate.ts";
import { force, NixAttrs } from "../value.ts";

const LANG = join(import.meta.dirname, "../../../test/nix/lang");
const globals = createEvaluator().state.globalNames;
const opts = (file: string, extra: Partial<{ topNames: string[] }> = {}) => ({ file, baseDir: "/dir", globals, ...extra });
const scratch = () => mkdtempSync(join(tmpdir(), "sm-parse-cache-"));
const entries = (dir: string) => readdirSync(dir).filter((f) => !f.endsWith(".tmp"));

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
    try {
      direct = parse(src, opts(`/dir/${name}`));
    } catch {
      continue;
    }
    assert.deepEqual(cache.parse(src, opts(`/dir/${name}`)), direct, `${name}, first parse`);
    assert.deepEqual(diskParseCache(dir).parse(src, opts(`/dir/${name}`)), direct, `${name}, from the cache`);
    parsed++;
  }
  assert.ok(parsed > 200, `${parsed} files of the corpus parsed`);
  assert.equal(entries(dir).length, parsed);
});

test("a hit is read from the cache, not parsed again; the key covers file, directory, names in scope and text", () => {
  const dir = scratch();
  diskParseCache(dir).parse('"original"', opts("/dir/a.nix"));
  const [entry] = entries(dir);
  assert.ok(entry !== undefined);
  // Rewrite the entry's payload (with a matching checksum): what comes back proves where it came from.
  const payload = JSON.stringify(["s", 1, 1, "from the cache"]);
  const digest = createHash("sha256").update(payload).digest("hex");
  writeFileSync(join(dir, entry), `nix-ast 1 ${digest}\n${payload}`);
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
  const entry = join(dir, entries(dir)[0] as string);
  const good = readFileSync(entry, "utf8");
  const payload = '["nonsense"]';
  const bad = [
    "",
    good.slice(0, good.length - 5),
    good.replace("nix-ast 1 ", "nix-ast 0 "),
    good.replace('"b"', '"c"'),
    good.slice(0, good.indexOf("\n")),
    `nix-ast 1 ${createHash("sha256").update(payload).digest("hex")}\n${payload}`,
    "\u0000\u0001binary",
  ];
  for (const b of bad) {
    writeFileSync(entry, b);
    assert.deepEqual(diskParseCache(dir).parse(src, opts("/dir/c.nix")), expected, JSON.stringify(b.slice(0, 40)));
    assert.equal(readFileSync(entry, "utf8"), good, "rewritten");
  }
});

test("files with problems are not cached: their errors always come from the parser", () => {
  const dir = scratch();
  for (let i = 0; i < 2; i++) {
    assert.throws(() => diskParseCache(dir).parse("{ a = ; }", opts("/dir/bad.nix")), ParseError);
    assert.throws(() => diskParseCache(dir).parse("x", opts("/dir/undefined.nix")), /undefined variable 'x'/);
  }
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
