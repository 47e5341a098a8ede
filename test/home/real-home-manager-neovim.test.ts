/**
 * The real home-manager's programs.neovim on what we build, beyond its own
 * fixtures (real-home-manager.test.ts runs those): a configuration with
 * neovim enabled and Lua config builds through pkgs.wrapNeovimUnstable
 * over Debian's neovim (a package, stood in for by the build machine's
 * nvim as hm-fixtures.ts does), home.path holds the wrapper, init.lua
 * starts with the wrapper's provider lines; where the machine has nvim
 * the wrapper runs it with that init.lua.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { runFixtures } from "./hm-fixtures.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const dirOf = (t: typeof hm) => ("dir" in t ? t.dir : "");
// The stand-in for Debian's neovim is the build machine's nvim (fixture-store.ts): the wrapper's builder runs it.
const noNvim = existsSync("/usr/bin/nvim") ? undefined : "the build machine has no nvim (/usr/bin/nvim), which stands in for Debian's neovim package: apt-get install neovim";

const MODULE = (name: string, script: string) => `{ lib, ... }: {
  home.stateVersion = "24.05";
  test.asserts.warnings.expected = [
    "The option \`programs.neovim.extraLuaConfig' defined in \`\${toString ./${name}.nix}' has been renamed to \`programs.neovim.initLua'."
  ];
  programs.neovim = {
    enable = true;
    viAlias = true;
    extraLuaConfig = ''
      vim.g.fromHm = "HM_LUA"
    '';
  };
  nmt.script = ''
    ${script}
  '';
}
`;

const BUILT = `
    initLua=home-files/.config/nvim/init.lua
    assertFileContains "$initLua" 'vim.g.fromHm = "HM_LUA"'
    assertFileRegex "$initLua" "^vim.g.loaded_node_provider=0;vim.g.loaded_perl_provider=0;vim.g.ruby_host_prog='[^']*-neovim-ruby-env/bin/neovim-ruby-host';vim.g.python3_host_prog='[^']*-nvim-host-python3/bin/nvim-python3'$"
    assertFileIsExecutable home-path/bin/nvim
    assertFileIsExecutable home-path/bin/vi
    assertFileRegex home-path/bin/nvim '^exec [^ ]*-neovim/bin/nvim --cmd "lua vim.g.loaded_node_provider=0;vim.g.loaded_perl_provider=0;vim.g.ruby_host_prog=.*" "\\$@"$'
    assertFileRegex home-path/bin/nvim '^export NVIM_SYSTEM_RPLUGIN_MANIFEST='
    assertFileIsExecutable home-path/bin/nvim-python3
    assertFileIsExecutable home-path/bin/nvim-ruby`;

const RUNS = `
    export HOME="$(mktemp -d)"
    out="$("$TESTED/home-path/bin/nvim" --headless -i NONE -u "$TESTED/home-files/.config/nvim/init.lua" +'lua io.stdout:write(vim.g.fromHm .. " " .. tostring(vim.g.loaded_node_provider))' +qa 2>&1)"
    if [[ $out != *"HM_LUA 0"* ]]; then fail "nvim did not run init.lua through the wrapper: $out"; fi
    version="$("$TESTED/home-path/bin/vi" --version | head -n 1)"
    if [[ $version != NVIM* ]]; then fail "vi is not nvim: $version"; fi`;

async function run(name: string, script: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "sm-real-hm-neovim-"));
  try {
    const [result] = await runFixtures(dirOf(hm), dirOf(lib), dir, [`./${name}.nix`], { [`${name}.nix`]: MODULE(name, script) });
    return result?.problems ?? ["no result"];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("programs.neovim with Lua config builds: home.path's bin/nvim is nixpkgs' wrapper over Debian's neovim, init.lua starts with its providers", { skip: skip ?? noNvim }, async () => {
  assert.deepEqual(await run("neovim-built", BUILT), []);
});

test("the wrapper in home.path runs the machine's nvim with home-manager's init.lua", { skip: skip ?? noNvim }, async () => {
  assert.deepEqual(await run("neovim-runs", RUNS), []);
});
