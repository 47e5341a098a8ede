/** `pathExists` on a real directory tree: trailing "/" and "/." ask for a directory, a dangling symlink exists. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvaluator } from "../evaluate.ts";

test("pathExists: a string ending in '/' or '/.' must name a directory (a link to one counts); a dangling link exists", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-path-exists-"));
  writeFileSync(join(root, "file.nix"), "1");
  mkdirSync(join(root, "dir"));
  symlinkSync("dir", join(root, "to-dir"));
  symlinkSync("missing", join(root, "dangling"));
  const ev = createEvaluator({ pure: false });
  const exists = (suffix: string): unknown => ev.evalSource(`builtins.pathExists "${root}/${suffix}"`, "t.nix", root);
  assert.equal(exists("file.nix"), true);
  for (const s of ["file.nix/", "file.nix/.", "file.nix/./", "file.nix/./.", "missing"]) assert.equal(exists(s), false, s);
  for (const s of ["dir/", "dir/.", "to-dir/.", "to-dir/", "dangling", "dir/../file.nix"]) assert.equal(exists(s), true, s);
});
