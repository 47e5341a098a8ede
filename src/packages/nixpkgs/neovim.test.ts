/**
 * wrapNeovimUnstable, neovimUtils, vimUtils and vimPlugins (pkgs.nix's
 * neovim part) with nixpkgs' semantics: the wrapper's bin/nvim (golden,
 * store hashes shown as <hash>) and what it runs, the attributes
 * home-manager reads back, overrideAttrs, plugins in the pack directory,
 * and vimPlugins Debian does not have failing only when used.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EvalStore } from "../../nix/eval-store.ts";
import { createEvaluator } from "../../nix/evaluate.ts";
import { nixLib } from "../../lib/index.ts";
import { force, NixAttrs, NixString, type Lazy } from "../../nix/value.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { nixpkgsPackageSet } from "./index.ts";
import { realiseStorePaths } from "./realise.ts";
import { debianOutputs, underRoot } from "../../../test/helpers/debian-outputs.ts";

const GOLDEN = join(import.meta.dirname, "neovim-golden");

function world() {
  const store = new EvalStore(STORE_DIR);
  const evaluator = createEvaluator({ store, pure: true });
  const lib = nixLib({ store, copyToStore: evaluator.state.copyToStore, io: evaluator.state.io, importPath: (p) => evaluator.importPath(p) });
  const host = NixAttrs.from({ outPath: "/usr", type: "derivation", name: "host" });
  const pkgs = nixpkgsPackageSet({ system: "x86_64-linux", lib, evaluator, tools: { bash: host, initialPath: [host] } });
  const root = mkdtempSync(join(tmpdir(), "nixpkgs-neovim-"));
  const evalWith = (src: string) => force((force(evaluator.evalSource(`pkgs: ${src}`, "«test»", "/")) as { call(a: Lazy): unknown }).call(pkgs) as Lazy);
  const build = async (expr: string, realiseOther?: (paths: readonly string[]) => Promise<void>) => {
    const s = evalWith(`"\${${expr}}"`) as NixString;
    await realiseStorePaths(s.context, { root, stores: [store], realiseOther });
    return { storePath: s.s, disk: join(root, s.s) };
  };
  return { root, evalWith, build, done: () => rmSync(root, { recursive: true, force: true }) };
}

const hashes = (t: string) => t.replace(new RegExp(`${STORE_DIR}/[0-9a-z]{32}-`, "g"), `${STORE_DIR}/<hash>-`);

/** A neovim stand-in whose nvim prints its arguments and environment; a plugin with a runtime dependency. */
const WORLD = `
  let
    unwrapped = pkgs.runCommand "neovim-unwrapped-0.9.5" { pname = "neovim-unwrapped"; version = "0.9.5"; meta.description = "stand-in"; } ''
      mkdir -p $out/bin $out/share/applications
      echo '#!/bin/sh' > $out/bin/nvim
      echo 'for a in "$@"; do echo "$a"; done; echo "PATH=$PATH"' >> $out/bin/nvim
      chmod +x $out/bin/nvim
      printf 'Name=Neovim\\nExec=nvim\\n' > $out/share/applications/nvim.desktop
    '';
    dep = pkgs.runCommand "dummy-dep" { } "mkdir -p $out/bin";
    plugin = pkgs.vimUtils.buildVimPlugin { pname = "dummy-plugin"; version = "1.0"; src = pkgs.writeTextDir "plugin/dummy.vim" "\\" dummy"; runtimeDeps = [ dep ]; };
    wrapped = pkgs.wrapNeovimUnstable unwrapped {
      extraName = "-my-suffix"; withPython3 = false; withRuby = false; vimAlias = true;
      plugins = [ plugin { plugin = plugin; optional = true; } ];
      neovimRcContent = "let g:x = 1";
      wrapperArgs = [ "--suffix" "PATH" ":" "/opt/extra/bin" ];
    };
  in`;

test("wrapNeovimUnstable: bin/nvim wraps the unwrapped nvim with the providers' --cmd, the pack directory and PATH; nixpkgs' name and attributes", async () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`${WORLD} wrapped.name`), "neovim-0.9.5-my-suffix");
    const out = await w.build(`(${WORLD} wrapped)`);
    const nvim = readFileSync(join(out.disk, "bin/nvim"), "utf8");
    const golden = join(GOLDEN, "nvim");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, hashes(nvim));
    assert.equal(hashes(nvim), readFileSync(golden, "utf8"));
    assert.equal(readlinkSync(join(out.disk, "bin/vim")), `${out.storePath}/bin/nvim`);
    assert.ok(existsSync(join(out.disk, "rplugin.vim")));
    assert.equal(readFileSync(join(out.disk, "share/applications/nvim.desktop"), "utf8"), "Name=Neovim wrapper\nExec=nvim\n");
    const pack = /packpath\^=(\S+?)"/.exec(nvim)?.[1] as string;
    assert.equal(readFileSync(underRoot(w.root, `${pack}/pack/myNeovimPackages/start/dummy-plugin/plugin/dummy.vim`), "utf8"), "\" dummy");
    assert.ok(existsSync(underRoot(w.root, `${pack}/pack/myNeovimPackages/opt/dummy-plugin/plugin/dummy.vim`)));
    const ran = execFileSync("bash", ["-c", `sed "s|${STORE_DIR}|${w.root}${STORE_DIR}|g" "$1" > "$2"; chmod +x "$2"; PATH=/usr/bin "$2" file.txt`, "-", join(out.disk, "bin/nvim"), join(w.root, "nvim")], { encoding: "utf8" });
    const lines = ran.split("\n");
    assert.equal(lines[0], "-u", "wrapRc: -u init.lua first");
    assert.match(readFileSync(lines[1] as string, "utf8"), /^vim\.g\.loaded_node_provider=0;.*\nvim\.cmd\.source "/);
    assert.deepEqual(lines.slice(2, 4), ["--cmd", "lua vim.g.loaded_node_provider=0;vim.g.loaded_perl_provider=0;vim.g.loaded_ruby_provider=0;vim.g.loaded_python3_provider=0"]);
    assert.ok(lines.includes("file.txt"));
    assert.match(ran, /^PATH=\/usr\/bin:.*-dummy-dep\/bin:\/opt\/extra\/bin$/m);
  } finally {
    w.done();
  }
});

test("wrapNeovimUnstable: luaRcContent, providers' host programs, overrideAttrs of packpathDirs as home-manager does", () => {
  const w = world();
  try {
    const rc = w.evalWith(`${WORLD} (wrapped.override { withPython3 = true; withRuby = true; neovimRcContent = null; plugins = [ ]; }).luaRcContent`) as NixString;
    assert.match(rc.s, /^vim\.g\.loaded_node_provider=0;vim\.g\.loaded_perl_provider=0;vim\.g\.ruby_host_prog='\S+-neovim-ruby-env\/bin\/neovim-ruby-host';vim\.g\.python3_host_prog='\S+-nvim-host-python3\/bin\/nvim-python3'$/);
    const withRc = w.evalWith(`${WORLD} wrapped.luaRcContent`) as NixString;
    assert.match(withRc.s, /^vim\.g\.loaded_node_provider=0;.*\nvim\.cmd\.source "\S+-init\.vim"\n$/);
    assert.equal(w.evalWith(`${WORLD} builtins.length wrapped.generatedWrapperArgs`), 10n);
    assert.equal(w.evalWith(`${WORLD} builtins.length (wrapped.overrideAttrs { packpathDirs.myNeovimPackages = { start = [ ]; opt = [ ]; }; }).generatedWrapperArgs`), 6n);
    assert.equal(w.evalWith(`${WORLD} wrapped.passthru.unwrapped.pname`), "neovim-unwrapped");
    assert.equal(w.evalWith(`${WORLD} wrapped.meta.priority`), 4n);
  } finally {
    w.done();
  }
});

test("neovimUtils: plugins normalized, the Vim package, runtime deps; provider rc", () => {
  const w = world();
  try {
    const counts = w.evalWith(`${WORLD} let i = pkgs.neovimUtils.makeVimPackageInfo [ plugin { plugin = plugin; optional = true; } ]; in [ (builtins.length i.vimPackage.start) (builtins.length i.vimPackage.opt) (builtins.length i.runtimeDeps) ]`) as Lazy[];
    assert.deepEqual(counts.map((c) => force(c)), [1n, 1n, 1n]);
    assert.equal(w.evalWith(`pkgs.neovimUtils.generateProviderRc { withNodeJs = true; withRuby = false; hostPrograms.node = "/n"; hostPrograms.python3 = "/p"; }`), "vim.g.node_host_prog='/n';vim.g.loaded_perl_provider=0;vim.g.loaded_ruby_provider=0;vim.g.python3_host_prog='/p'");
  } finally {
    w.done();
  }
});

test("vimPlugins: Debian's plugins by nixpkgs' names; any other name fails when used, naming it", () => {
  const w = world();
  try {
    assert.equal(w.evalWith(`pkgs.vimPlugins.vim-fugitive.name`), "vimplugin-vim-fugitive");
    assert.equal(w.evalWith(`pkgs.vimPlugins.ctrlp-vim.package`), "vim-ctrlp");
    assert.equal(w.evalWith(`pkgs.lib.getName pkgs.vimPlugins.vim-nix`), "vim-nix");
    assert.throws(() => w.evalWith(`"\${pkgs.vimPlugins.vim-nix}"`), /Cannot use pkgs\.vimPlugins\.vim-nix: Debian does not package this Vim plugin/);
    assert.equal(w.evalWith(`pkgs.python3Packages.pynvim.pname`), "python3-pynvim");
    assert.equal(w.evalWith(`pkgs.python3Packages.python.pname`), "python3");
  } finally {
    w.done();
  }
});

test("Debian's packages: vimPlugins.<name> is its package's /usr/share/<package>; the wrapper sets VIMRUNTIME to a runtime in the closure; the python3 host has the closure's dist-packages", async () => {
  const w = world();
  try {
    const plugin = await w.build("pkgs.vimPlugins.vim-fugitive", debianOutputs(w.root, { "vim-fugitive": { files: { "usr/share/vim-fugitive/plugin/fugitive.vim": "\" fugitive" } } }));
    assert.equal(readFileSync(underRoot(w.root, `${plugin.storePath}/plugin/fugitive.vim`), "utf8"), "\" fugitive");
    const debs = {
      neovim: { files: { "usr/bin/nvim": "#!/bin/sh\n", "usr/share/nvim/runtime/filetype.lua": "" }, bin: "usr/bin/nvim" },
      python3: { files: { "usr/bin/python3": "#!/bin/sh\n" }, bin: "usr/bin/python3" },
      "python3-pynvim": { files: { "usr/lib/python3/dist-packages/pynvim/__init__.py": "" } },
    };
    const out = await w.build(`pkgs.wrapNeovimUnstable pkgs.neovim-unwrapped { withRuby = false; wrapRc = false; }`, debianOutputs(w.root, debs));
    const nvim = readFileSync(join(out.disk, "bin/nvim"), "utf8");
    assert.match(nvim, new RegExp(`^export VIMRUNTIME=\\$\\{VIMRUNTIME-${STORE_DIR}/d{32}-neovim-1\\.0-1/usr/share/nvim/runtime\\}$`, "m"));
    assert.ok(!existsSync(join(out.disk, ".system-manager")), "the unwrapped package's closure record is not the wrapper's");
    const host = readFileSync(underRoot(w.root, `${out.storePath}/bin/nvim-python3`), "utf8");
    assert.match(host, new RegExp(`^export PYTHONPATH=${STORE_DIR}/d{32}-python3-pynvim-1\\.0-1/usr/lib/python3/dist-packages$`, "m"));
  } finally {
    w.done();
  }
});

test("the Ruby provider's host is ruby-neovim's own program, which its output runs with its closure's Ruby and gems", async () => {
  const w = world();
  try {
    const debs = {
      neovim: { files: { "usr/bin/nvim": "#!/bin/sh\n", "usr/share/nvim/runtime/filetype.lua": "" }, bin: "usr/bin/nvim" },
      "ruby-neovim": { files: { "usr/bin/neovim-ruby-host": "#!/bin/sh\necho host \"$@\"\n" }, bin: "usr/bin/neovim-ruby-host" },
    };
    const out = await w.build(`pkgs.wrapNeovimUnstable pkgs.neovim-unwrapped { withPython3 = false; withRuby = true; wrapRc = false; }`, debianOutputs(w.root, debs));
    const host = readFileSync(underRoot(w.root, `${out.storePath}/bin/nvim-ruby`), "utf8");
    assert.match(host, new RegExp(`^exec ${STORE_DIR}/[0-9a-z]{32}-ruby-neovim/bin/neovim-ruby-host "\\$@"$`, "m"));
  } finally {
    w.done();
  }
});

test("vim-full.customize (home-manager's programs.vim): wrappers run Debian's vim with the vimrc, joined with the package; vim-sensible is fetched from its repository at a pinned commit", async () => {
  const w = world();
  try {
    const debs = { vim: { files: { "usr/bin/vim": "#!/bin/sh\necho vim \"$@\"\n" }, bin: "usr/bin/vim" } };
    const expr = `pkgs.vim-full.customize { name = "vim"; vimrcConfig = { customRC = "set number"; packages.home-manager.start = [ ]; }; }`;
    const out = await w.build(expr, debianOutputs(w.root, debs));
    const wrapper = readFileSync(underRoot(w.root, `${out.storePath}/bin/vim`), "utf8");
    const m = new RegExp(`^#! \\S+ -e\\nexec -a "\\$0" "${STORE_DIR}/[0-9a-z]{32}-vim/bin/vim"  -u (${STORE_DIR}/[0-9a-z]{32}-vimrc) "\\$@"\\n$`).exec(wrapper);
    assert.ok(m !== null, wrapper);
    assert.match(readFileSync(join(w.root, m[1] as string), "utf8"), /^set packpath\^=.*-vim-pack-dir\nset runtimepath\^=.*-vim-pack-dir\n\nset number$/);
    assert.equal(w.evalWith(`(pkgs.vim-full.customize { name = "myvim"; vimrcFile = ./.; }).name`), "myvim-bin", "a name other than vim: the wrappers alone");
    assert.equal(w.evalWith(`pkgs.vimPlugins.vim-sensible.src.url`), "https://github.com/tpope/vim-sensible/archive/3e878abfd6ddc6fb5dba48b41f2b72c3a2f8249f.tar.gz");
    assert.equal(w.evalWith(`pkgs.vimPlugins.vim-sensible.vimPlugin`), true);
  } finally {
    w.done();
  }
});
