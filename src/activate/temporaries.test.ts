/**
 * Temporaries of ours (temporaries.ts): only `.#<name>.<12 hex>` files and
 * links beside a path we were writing are ours; dirOf is posix.dirname on
 * the normalised paths it is given; a home's `.<name>.system-manager-new`
 * directory beside a home given is ours, and removed while it is empty.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { dirOf, ourTemporaries, removeDirTemporaries } from "./temporaries.ts";
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

test("removeDirTemporaries() removes the empty directories named for the homes given; keeps one written into since, and never follows a link", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sm-dir-temporaries-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "home/.carol.system-manager-new"), { recursive: true });
  mkdirSync(join(dir, "home/.gina.system-manager-new/sub"), { recursive: true });
  writeFileSync(join(dir, "home/.gina.system-manager-new/sub/f"), "");
  mkdirSync(join(dir, "home/.dave.system-manager-new"));
  mkdirSync(join(dir, "outside"));
  writeFileSync(join(dir, "outside/keep"), "");
  symlinkSync(join(dir, "outside"), join(dir, "home/.erin.system-manager-new"));
  mkdirSync(join(dir, "srv"));
  writeFileSync(join(dir, "srv/.frank.system-manager-new"), "");
  const fs = new RootFs(dir);
  const homes = ["/home", "/home/carol", "/home/erin", "/home/gina", "/srv/frank", "/var/absent/x", "/"];
  assert.deepEqual(removeDirTemporaries(fs, homes), { removed: ["/home/.carol.system-manager-new"], kept: ["/home/.gina.system-manager-new"] });
  assert.deepEqual(readdirSync(join(dir, "home")).sort(), [".dave.system-manager-new", ".erin.system-manager-new", ".gina.system-manager-new"]);
  assert.deepEqual(readdirSync(join(dir, "home/.gina.system-manager-new/sub")), ["f"]);
  assert.deepEqual(readdirSync(join(dir, "outside")), ["keep"]);
  assert.deepEqual(readdirSync(join(dir, "srv")), [".frank.system-manager-new"]);
});
