import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";

test("a pkgs.fishPlugins plugin not pinned is refused where it is used, its src too (programs.fish.plugins), saying how to build one", () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.fishPlugins.forgit.pname`), "fishplugin-forgit");
    const why = /Cannot use pkgs\.fishPlugins\.forgit: Debian packages no fish plugins; build it with pkgs\.fishPlugins\.buildFishPlugin \{ pname = "forgit";/;
    assert.throws(() => w.evalWith(`"\${pkgs.fishPlugins.forgit.src}"`), why);
    assert.throws(() => w.evalWith(`"\${pkgs.fishPlugins.forgit}"`), why);
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

/** name → [derivation name, archive URL, hash]: each hash checked against the repository's tree at that revision. */
const PINNED: Record<string, [string, string, string]> = {
  z: ["fishplugin-z-unstable-2022-04-08", "https://github.com/jethrokuan/z/archive/85f863f20f24faf675827fb00f3a4e15c7838d76.tar.gz", "sha256-+FUBM7CodtZrYKqU542fQD+ZDGrd2438trKM0tIESs0="],
  autopair: ["fishplugin-autopair-1.0.4", "https://github.com/jorgebucaran/autopair.fish/archive/1.0.4.tar.gz", "sha256-s1o188TlwpUQEN3X5MxUlD/2CFCpEkWu83U9O+wg3VU="],
  done: ["fishplugin-done-1.20.0", "https://github.com/franciscolourenco/done/archive/1.20.0.tar.gz", "sha256-WA6DBrPBuXRIloO05UBunTJ9N01d6tO1K1uqojjO0mo="],
  tide: ["fishplugin-tide-6.2.0", "https://github.com/IlanCosman/tide/archive/v6.2.0.tar.gz", "sha256-1ApDjBUZ1o5UyfQijv9a3uQJ/ZuQFfpNmHiDWzoHyuw="],
  "fzf-fish": ["fishplugin-fzf.fish-10.3", "https://github.com/PatrickF1/fzf.fish/archive/v10.3.tar.gz", "sha256-T8KYLA/r/gOKvAivKRoeqIwE2pINlxFQtZJHpOy9GMM="],
  pure: ["fishplugin-pure-4.18.0", "https://github.com/pure-fish/pure/archive/v4.18.0.tar.gz", "sha256-KV43PlJmAjQxoNHWJRhAYUyzaqhKwLJSTeuo3cX98AA="],
  hydro: ["fishplugin-hydro-0-unstable-2026-02-24", "https://github.com/jorgebucaran/hydro/archive/f130b55ee3eaf099eccf588e2a62e5447068d120.tar.gz", "sha256-Dfq974KpD1mtQKznIlkXfZfDnSF/4MfLTA18Ak0LADE="],
  sponge: ["fishplugin-sponge-1.1.0", "https://github.com/meaningful-ooo/sponge/archive/1.1.0.tar.gz", "sha256-MdcZUDRtNJdiyo2l9o5ma7nAX84xEJbGFhAVhK+Zm1w="],
};

test("the common fish plugins are built from their repositories, each fetched from GitHub at a pinned release and checked against its hash", () => {
  const w = world();
  try {
    for (const [attr, [name, url, hash]] of Object.entries(PINNED)) {
      assert.equal(w.evalWith(`pkgs.fishPlugins.${attr}.name`), name, attr);
      assert.equal(w.evalWith(`pkgs.fishPlugins.${attr}.src.url`), url, attr);
      assert.equal(w.evalWith(`pkgs.fishPlugins.${attr}.src.outputHash`), hash, attr);
    }
  } finally {
    w.done();
  }
});

test("tide keeps its configuration wizard, the tree of functions under functions/tide", async () => {
  const src = mkdtempSync(join(tmpdir(), "fish-plugin-tide-"));
  mkdirSync(join(src, "functions/tide/configure"), { recursive: true });
  writeFileSync(join(src, "functions/tide.fish"), "function tide; end\n");
  writeFileSync(join(src, "functions/tide/configure/icons.fish"), "set -g icons 1\n");
  const w = world();
  try {
    const p = await w.build(`pkgs.fishPlugins.tide.overrideAttrs { src = builtins.path { path = ${JSON.stringify(src)}; name = "source"; }; }`);
    const functions = join(p.disk, "share/fish/vendor_functions.d");
    assert.equal(readFileSync(join(functions, "tide.fish"), "utf8"), "function tide; end\n");
    assert.equal(readFileSync(join(functions, "tide/configure/icons.fish"), "utf8"), "set -g icons 1\n");
    assert.ok(!existsSync(join(p.disk, "share/fish/vendor_conf.d/tide")));
  } finally {
    w.done();
    rmSync(src, { recursive: true, force: true });
  }
});
