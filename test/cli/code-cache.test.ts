/**
 * bin/code-cache.js: a CommonJS bundle loaded through V8's code cache,
 * kept in the user's cache directory: the first run compiles and writes
 * it, the next takes it; a rebuilt bundle gets its own (the old one's is
 * removed), a bundle elsewhere its own too; a damaged cache
 * is rejected (the bundle still runs, and the cache is written again); a
 * cache anyone else may write is not read, nor a directory that is not
 * this user's.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const codeCache = join(import.meta.dirname, "../../bin/code-cache.js");
const scratch = mkdtempSync(join(tmpdir(), "sm-code-cache-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Loads the bundle (with a function big enough to be worth caching) in a fresh Node, prints its answer and whether V8 took a cache.
const LOADER = `
const { requireWithCodeCache } = require(${JSON.stringify(codeCache)});
const m = requireWithCodeCache(process.argv[1]);
console.log(JSON.stringify({ answer: m.exports.answer(), cached: m.cached }));
m.save();`;

function bundle(dir: string, n: number): string {
  const file = join(dir, "bundle.cjs");
  const body = Array.from({ length: 200 }, (_, i) => `  if (x === ${i}) return ${i * 2};`).join("\n");
  writeFileSync(file, `"use strict";\nconst path = require("node:path");\nfunction f(x) {\n${body}\n  return path.basename("/a/b") + x;\n}\nexports.answer = () => f(${n});\n`);
  return file;
}

function load(file: string, cacheHome: string): { answer: string; cached: boolean } {
  const r = spawnSync(process.execPath, ["-e", LOADER, file], { encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  return JSON.parse(r.stdout) as { answer: string; cached: boolean };
}

const v8Dir = (cacheHome: string) => join(cacheHome, "system-manager", "v8");

test("the first run writes the cache, the next takes it; a rebuilt bundle gets its own, and the old one's is removed", () => {
  const dir = mkdtempSync(join(scratch, "runs-"));
  const cacheHome = join(dir, "cache");
  const file = bundle(dir, 1000);
  assert.deepEqual(load(file, cacheHome), { answer: "b1000", cached: false });
  assert.equal(readdirSync(v8Dir(cacheHome)).length, 1);
  assert.deepEqual(load(file, cacheHome), { answer: "b1000", cached: true });
  rmSync(file);
  bundle(dir, 2000);
  assert.deepEqual(load(file, cacheHome), { answer: "b2000", cached: false });
  assert.deepEqual(load(file, cacheHome), { answer: "b2000", cached: true });
  assert.equal(readdirSync(v8Dir(cacheHome)).length, 1);
  const other = join(mkdtempSync(join(scratch, "other-")), "bundle.cjs");
  writeFileSync(other, readFileSync(file));
  assert.deepEqual(load(other, cacheHome), { answer: "b2000", cached: false });
  assert.equal(readdirSync(v8Dir(cacheHome)).length, 2, "a bundle elsewhere has its own cache, and leaves this one's");
});

test("a damaged cache is rejected: the bundle runs, and the cache is written again", () => {
  const dir = mkdtempSync(join(scratch, "damaged-"));
  const cacheHome = join(dir, "cache");
  const file = bundle(dir, 700);
  load(file, cacheHome);
  const [name] = readdirSync(v8Dir(cacheHome));
  writeFileSync(join(v8Dir(cacheHome), name as string), "not V8's code cache", { mode: 0o600 });
  assert.deepEqual(load(file, cacheHome), { answer: "b700", cached: false });
  assert.deepEqual(load(file, cacheHome), { answer: "b700", cached: true });
});

test("a cache others may write is not read", () => {
  const dir = mkdtempSync(join(scratch, "writable-"));
  const cacheHome = join(dir, "cache");
  const file = bundle(dir, 300);
  load(file, cacheHome);
  const [name] = readdirSync(v8Dir(cacheHome));
  chmodSync(join(v8Dir(cacheHome), name as string), 0o666);
  assert.deepEqual(load(file, cacheHome), { answer: "b300", cached: false });
  chmodSync(join(v8Dir(cacheHome), name as string), 0o600);
  chmodSync(v8Dir(cacheHome), 0o777);
  assert.deepEqual(load(file, cacheHome), { answer: "b300", cached: false });
});

test("a cache directory that is another user's is neither read nor written", { skip: process.getuid?.() === 0 ? false : "needs root to give the directory to another user" }, () => {
  const dir = mkdtempSync(join(scratch, "others-"));
  const cacheHome = join(dir, "cache");
  const file = bundle(dir, 500);
  load(file, cacheHome);
  chownSync(v8Dir(cacheHome), 65534, 65534);
  const [name] = readdirSync(v8Dir(cacheHome));
  assert.deepEqual(load(file, cacheHome), { answer: "b500", cached: false });
  assert.deepEqual(readdirSync(v8Dir(cacheHome)), [name]);
});
