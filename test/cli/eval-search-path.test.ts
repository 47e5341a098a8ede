/**
 * `system-manager eval` (the installed launcher) looks names up in the
 * search path as current Nix does: an entry that is a symlink answers
 * with the symlink resolved, and an entry that does not exist is warned
 * about once, on stderr, when a lookup first reaches it; an evaluation
 * that looks nothing up says nothing about it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";

const bin = fileURLToPath(new URL("../../bin/system-manager.js", import.meta.url));
const dir = realpathSync(mkdtempSync(join(tmpdir(), "sm-eval-search-path-")));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, "real"));
writeFileSync(join(dir, "real/a.nix"), '"a"');
symlinkSync("real", join(dir, "link"));

const evalWith = (nixPath: string, expr: string) =>
  spawnSync(process.execPath, [bin, "eval", "--impure", "--strict", "--expr", expr], { encoding: "utf8", cwd: dir, env: { ...process.env, NIX_PATH: nixPath, HOME: dir, XDG_CACHE_HOME: join(dir, "cache") } });

test("a symlinked entry answers with its target; a missing entry is warned about once", () => {
  const r = evalWith(`${join(dir, "missing")}:p=${join(dir, "link")}`, "[ <p> <p/a.nix> (import <p/a.nix>) (builtins.tryEval <q>).success ]");
  assert.equal(r.stdout, `[ ${join(dir, "real")} ${join(dir, "real/a.nix")} "a" false ]\n`);
  assert.equal(r.stderr, `warning: Nix search path entry '${join(dir, "missing")}' does not exist, ignoring\n`);
  assert.equal(r.status, 0);
});

test("a missing entry no lookup reaches is not warned about", () => {
  const r = evalWith(`${join(dir, "missing")}:p=${join(dir, "link")}`, "builtins.length builtins.nixPath");
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "2\n");
});
