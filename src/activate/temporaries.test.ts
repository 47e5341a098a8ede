/**
 * Temporaries of ours (temporaries.ts): only `.#<name>.<12 hex>` files and
 * links beside a path we were writing are ours; dirOf is posix.dirname on
 * the normalised paths it is given.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { dirOf, ourTemporaries } from "./temporaries.ts";
import { RootFs } from "./root-fs.ts";

test("dirOf() is posix.dirname of normalised paths", () => {
  for (const p of ["/", "/a", "/a/b", "/a/b/c.d", "a", "a/b", ".#x.0123456789ab", "/.config/git/config"]) assert.equal(dirOf(p), posix.dirname(p), p);
});

test("ourTemporaries() finds the temporaries beside the paths given, files and links only, in every directory", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sm-temporaries-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "d/e"), { recursive: true });
  writeFileSync(join(dir, "d/.#a.0123456789ab"), "");
  symlinkSync("x", join(dir, "d/e/.#b.0123456789ab"));
  writeFileSync(join(dir, "d/.#other.0123456789ab"), "");
  writeFileSync(join(dir, "d/.#a.0123"), "");
  mkdirSync(join(dir, "d/e/.#c.0123456789ab"));
  writeFileSync(join(dir, ".#top.0123456789ab"), "");
  const paths = ["/d/a", "/d/e/b", "/d/e/c", "/top", ...Array.from({ length: 100 }, (_, i) => `/d/f${i}`)];
  assert.deepEqual(ourTemporaries(new RootFs(dir), paths), ["/.#top.0123456789ab", "/d/.#a.0123456789ab", "/d/e/.#b.0123456789ab"]);
});
