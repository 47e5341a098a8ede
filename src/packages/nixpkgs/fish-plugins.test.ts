import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";

test("a named pkgs.fishPlugins plugin is refused where it is used, its src too (programs.fish.plugins), saying how to build one", () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.fishPlugins.done.pname`), "fishplugin-done");
    const why = /Cannot use pkgs\.fishPlugins\.done: Debian packages no fish plugins; build it with pkgs\.fishPlugins\.buildFishPlugin \{ pname = "done";/;
    assert.throws(() => w.evalWith(`"\${pkgs.fishPlugins.done.src}"`), why);
    assert.throws(() => w.evalWith(`"\${pkgs.fishPlugins.done}"`), why);
  } finally {
    w.done();
  }
});

test("buildFishPlugin puts the source's functions, conf.d and completions in fish's vendor directories under share/fish", async () => {
  const src = mkdtempSync(join(tmpdir(), "fish-plugin-src-"));
  for (const d of ["functions", "conf.d", "completions"]) mkdirSync(join(src, d));
  writeFileSync(join(src, "functions/hello.fish"), "function hello; echo hi; end\n");
  writeFileSync(join(src, "conf.d/hello.fish"), "set -g hello_loaded 1\n");
  writeFileSync(join(src, "completions/hello.fish"), "complete -c hello -f\n");
  writeFileSync(join(src, "README.md"), "x\n");
  const w = world();
  try {
    const p = await w.build(`pkgs.fishPlugins.buildFishPlugin { pname = "hello"; version = "1.0"; src = builtins.path { path = ${JSON.stringify(src)}; name = "source"; }; }`);
    assert.match(p.storePath, /-fishplugin-hello-1\.0$/);
    const share = join(p.disk, "share/fish");
    assert.deepEqual(readdirSync(share).sort(), ["vendor_completions.d", "vendor_conf.d", "vendor_functions.d"]);
    assert.equal(readFileSync(join(share, "vendor_functions.d/hello.fish"), "utf8"), "function hello; echo hi; end\n");
    assert.equal(readFileSync(join(share, "vendor_conf.d/hello.fish"), "utf8"), "set -g hello_loaded 1\n");
    assert.equal(readFileSync(join(share, "vendor_completions.d/hello.fish"), "utf8"), "complete -c hello -f\n");
  } finally {
    w.done();
    rmSync(src, { recursive: true, force: true });
  }
});
