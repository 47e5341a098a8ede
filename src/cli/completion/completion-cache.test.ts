/**
 * completion-cache.ts: an entry answers while its key matches and every
 * dependency holds; a changed file, another key, an entry that is not
 * 0600 ours or does not parse is no entry; a hit marks it used, and
 * writing removes entries unused for STALE_DAYS and killed writers'
 * temporaries older than an hour.
 */
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CompletionCache } from "./completion-cache.ts";
import { digestNow } from "../../build/eval-cache/dependency.ts";
import { STALE_DAYS } from "../../build/eval-cache/cache-file.ts";

const dir = mkdtempSync(join(tmpdir(), "completion-cache-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "system.nix");
writeFileSync(file, "{ }");
const deps = () => [{ kind: "file" as const, path: file, digest: digestNow("file", file, {}) }];

test("an entry answers while its key matches and its dependencies hold", () => {
  const cache = new CompletionCache(join(dir, "c1"));
  cache.write("h1", "key-1", deps(), ["site.", "users."]);
  assert.deepEqual(cache.read("h1", "key-1", {}), ["site.", "users."]);
  assert.equal(cache.read("h1", "key-2", {}), undefined);
  writeFileSync(file, "{ site = 1; }");
  assert.equal(cache.read("h1", "key-1", {}), undefined);
});

test("an entry others may write, or that does not parse, is no entry", () => {
  const cache = new CompletionCache(join(dir, "c2"));
  cache.write("h2", "key", deps(), ["a"]);
  const entry = join(cache.dir, "h2.json");
  chmodSync(entry, 0o666);
  assert.equal(cache.read("h2", "key", {}), undefined);
  chmodSync(entry, 0o600);
  writeFileSync(entry, "{");
  assert.equal(cache.read("h2", "key", {}), undefined);
});

test("writing removes entries unused for STALE_DAYS, and a killed writer's temporary older than an hour", () => {
  const cache = new CompletionCache(join(dir, "c3"));
  cache.write("old", "key", deps(), ["a"]);
  const past = new Date(Date.now() - (STALE_DAYS + 1) * 86_400_000);
  utimesSync(join(cache.dir, "old.json"), past, past);
  writeFileSync(join(cache.dir, ".gone.tmp-4242-a1b2c3d4e5f6"), "{");
  const twoHours = new Date(Date.now() - 2 * 3_600_000);
  utimesSync(join(cache.dir, ".gone.tmp-4242-a1b2c3d4e5f6"), twoHours, twoHours);
  cache.write("new", "key", deps(), ["b"]);
  assert.deepEqual(readdirSync(cache.dir), ["new.json"]);
});
