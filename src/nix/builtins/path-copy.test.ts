/**
 * Store paths of copied sources, against what Nix 2.8 printed for the same
 * tree under the store directory /tmp/sm-nix-oracle-store: a file, an
 * executable, a symlink and a subdirectory.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvaluator } from "../evaluate.ts";
import { EvalStore } from "../eval-store.ts";
import { printValue } from "../print-value.ts";

const STORE = "/tmp/sm-nix-oracle-store";

function fixture(): string {
  const src = join(mkdtempSync(join(tmpdir(), "sm-path-copy-")), "src");
  mkdirSync(join(src, "sub"), { recursive: true });
  writeFileSync(join(src, "a.txt"), "hello\n");
  writeFileSync(join(src, "run.sh"), "#!/bin/sh\n");
  chmodSync(join(src, "run.sh"), 0o755);
  writeFileSync(join(src, "sub", "skip.me"), "x");
  symlinkSync("a.txt", join(src, "link"));
  return src;
}

const src = fixture();
const store = new EvalStore(STORE);
const ev = createEvaluator({ pure: false, store });
const evaluate = (expr: string): string => printValue(ev.evalSource(`let p = ${src}; in ${expr}`, "t.nix", "/"), { strict: true });

test('"${p}" is the copy Nix makes: its NAR hash, under the base name', () => {
  assert.equal(evaluate('"${p}"'), `"${STORE}/r3zharqqjp87lhb02k1qvq2d9d8wbd45-src"`);
});

test("builtins.path: a name, a filter, a flat file, and filterSource give Nix's store paths", () => {
  assert.equal(evaluate('builtins.path { path = p; name = "renamed"; }'), `"${STORE}/g4r9bg7x3jwk2gvhs9bslcjvbljzgim7-renamed"`);
  assert.equal(evaluate('builtins.path { path = p; filter = path: type: builtins.baseNameOf path != "skip.me"; }'), `"${STORE}/kjvcqb2dswylmkv2rg8bm6dijdld44pf-src"`);
  assert.equal(evaluate('builtins.path { path = p + "/a.txt"; recursive = false; }'), `"${STORE}/9wmvxkk6xnfj8qy4i8dk4jdysxz66fn8-a.txt"`);
  assert.equal(evaluate('builtins.filterSource (path: type: type != "symlink") p'), `"${STORE}/4waf5y5m70jw3178665jzrd7i1gajlfq-src"`);
});

test("builtins.path: the filter gets each entry's path as a string and its type; the copy is recorded for the embedder", () => {
  const seen = evaluate('let r = builtins.path { path = p; name = "seen"; filter = path: type: builtins.trace "${builtins.typeOf path} ${baseNameOf path} ${type}" true; }; in builtins.seq r r');
  const recorded = store.sources.get(JSON.parse(seen) as string);
  assert.equal(recorded?.path, src);
  assert.equal(recorded?.recursive, true);
});

test("builtins.path: a sha256 that does not match is Nix's error", () => {
  assert.throws(
    () => evaluate('builtins.path { path = p + "/a.txt"; recursive = false; sha256 = "0000000000000000000000000000000000000000000000000000"; }'),
    { message: `store path mismatch in (possibly filtered) path added from '${src}/a.txt'` },
  );
  assert.equal(
    evaluate('builtins.path { path = p + "/a.txt"; recursive = false; sha256 = builtins.hashFile "sha256" (p + "/a.txt"); }'),
    `"${STORE}/9wmvxkk6xnfj8qy4i8dk4jdysxz66fn8-a.txt"`,
  );
});
