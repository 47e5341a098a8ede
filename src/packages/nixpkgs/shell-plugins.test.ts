import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";

test("the shell plugins Debian lacks are nixpkgs': each repository at a pinned release, checked against its hash", () => {
  const w = world();
  try {
    const expected = {
      "bash-preexec": ["bash-preexec-0.6.0", "https://github.com/rcaloras/bash-preexec/archive/0.6.0.tar.gz", "sha256-4DzbeIiUX7iXy2CeSvRC2X+XnjVk+/UiMbM/dLHx7zU="],
      "zsh-history-substring-search": ["zsh-history-substring-search-1.1.0", "https://github.com/zsh-users/zsh-history-substring-search/archive/v1.1.0.tar.gz", "sha256-GSEvgvgWi1rrsgikTzDXokHTROoyPRlU0FVpAoEmXG4="],
      "oh-my-zsh": ["oh-my-zsh-2024-10-01", "https://github.com/ohmyzsh/ohmyzsh/archive/f4423ebd09fbc7670815c3c20cc86c81b7319e5f.tar.gz", "sha256-JlYgWssS1DT1/Jlk6fOZqyEr6ta3ky6tlDqDZbJ1A9k="],
      "nix-direnv": ["nix-direnv-3.2.0", "https://github.com/nix-community/nix-direnv/archive/3.2.0.tar.gz", "sha256-dNJeSRuuqA2avtLpTse7mTTmnYdVnC5BxRsofuLXiqE="],
      "zsh-vi-mode": ["zsh-vi-mode-0.12.0", "https://github.com/jeffreytse/zsh-vi-mode/archive/v0.12.0.tar.gz", "sha256-EYr/jInRGZSDZj+QVAc9uLJdkKymx1tjuFBWgpsaCFw="],
      "zsh-you-should-use": ["zsh-you-should-use-1.11.1", "https://github.com/MichaelAquilina/zsh-you-should-use/archive/refs/tags/1.11.1.tar.gz", "sha256-a/DNVxD55Bh6AmSh5C4z4JpZM5xUiQgoaFoDgYPQsbo="],
      "zsh-powerlevel10k": ["powerlevel10k-1.20.0", "https://github.com/romkatv/powerlevel10k/archive/v1.20.0.tar.gz", "sha256-ES5vJXHjAKw/VHjWs8Au/3R+/aotSbY7PWnWAMzCR8E="],
    };
    for (const [attr, [name, url, hash]] of Object.entries(expected)) {
      assert.equal(w.evalWith(`pkgs.${attr}.name`), name);
      assert.equal(w.evalWith(`pkgs.${attr}.src.url`), url);
      assert.equal(w.evalWith(`pkgs.${attr}.src.outputHash`), hash);
    }
  } finally {
    w.done();
  }
});

/** A directory standing in for a fetched repository (no network here), with `files`. */
function checkout(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "shell-plugin-src-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const withSource = (attr: string, dir: string) => `pkgs.${attr}.overrideAttrs { src = builtins.path { path = ${JSON.stringify(dir)}; name = "source"; }; }`;

test("bash-preexec and zsh-history-substring-search install their script where home-manager's atuin and zsh modules source it", async () => {
  const preexec = checkout({ "bash-preexec.sh": "__bp_loaded=yes\n" });
  const hss = checkout({ "zsh-history-substring-search.zsh": "history-substring-search-up() { :; }\n", "README.md": "x\n" });
  const w = world();
  try {
    const bp = await w.build(withSource("bash-preexec", preexec));
    const script = join(bp.disk, "share/bash/bash-preexec.sh");
    assert.equal(readFileSync(script, "utf8"), "__bp_loaded=yes\n");
    assert.equal(statSync(script).mode & 0o777, 0o555);
    const r = spawnSync("bash", ["-c", `source ${script} && echo "$__bp_loaded"`], { encoding: "utf8" });
    assert.equal(r.stdout, "yes\n", r.stderr);
    const zs = await w.build(withSource("zsh-history-substring-search", hss));
    assert.equal(readFileSync(join(zs.disk, "share/zsh-history-substring-search/zsh-history-substring-search.zsh"), "utf8"), "history-substring-search-up() { :; }\n");
    assert.equal(existsSync(join(zs.disk, "share/zsh-history-substring-search/README.md")), false);
  } finally {
    w.done();
    rmSync(preexec, { recursive: true, force: true });
    rmSync(hss, { recursive: true, force: true });
  }
});

test("oh-my-zsh is its tree under share/oh-my-zsh, without its git files, and sourcing it leaves no self-update or uninstall function", { skip: spawnSync("zsh", ["-c", "true"]).status === 0 ? undefined : "zsh is not installed" }, async () => {
  const src = checkout({
    "oh-my-zsh.sh": "upgrade_oh_my_zsh() { echo upgrading; }\nuninstall_oh_my_zsh() { echo uninstalling; }\nomz_loaded=yes\n",
    "lib/git.zsh": "git_prompt_info() { :; }\n",
    "plugins/git/git.plugin.zsh": "alias g=git\n",
    ".gitignore": "cache/\n",
  });
  const w = world();
  try {
    const omz = await w.build(withSource("oh-my-zsh", src));
    const dir = join(omz.disk, "share/oh-my-zsh");
    assert.equal(readFileSync(join(dir, "plugins/git/git.plugin.zsh"), "utf8"), "alias g=git\n");
    assert.equal(existsSync(join(dir, "lib/git.zsh")), true);
    assert.equal(existsSync(join(dir, ".gitignore")), false);
    const r = spawnSync("zsh", ["-fc", `source ${dir}/oh-my-zsh.sh; echo "$omz_loaded"; whence -w upgrade_oh_my_zsh uninstall_oh_my_zsh`], { encoding: "utf8" });
    assert.equal(r.stdout, "yes\nupgrade_oh_my_zsh: none\nuninstall_oh_my_zsh: none\n", r.stderr);
  } finally {
    w.done();
    rmSync(src, { recursive: true, force: true });
  }
});

test("zsh-vi-mode, zsh-you-should-use and powerlevel10k are laid out where configurations source them, and zsh sources them", { skip: spawnSync("zsh", ["-c", "true"]).status === 0 ? undefined : "zsh is not installed" }, async () => {
  const vi = checkout({ "zsh-vi-mode.plugin.zsh": "source ${0:A:h}/zsh-vi-mode.zsh\n", "zsh-vi-mode.zsh": "zvm_loaded=1\n", "README.md": "x\n" });
  const ysu = checkout({ "you-should-use.plugin.zsh": "ysu_loaded=1\n", "zsh-you-should-use.plugin.zsh": "x\n" });
  const p10k = checkout({ "powerlevel10k.zsh-theme": "source ${0:A:h}/internal/p10k.zsh\n", "powerlevel9k.zsh-theme": "", "internal/p10k.zsh": "p10k_loaded=1\n", "config/p10k-lean.zsh": "", "gitstatus/gitstatus.plugin.zsh": "", "prompt_powerlevel10k_setup": "", "prompt_powerlevel9k_setup": "", "Makefile": "x\n" });
  const w = world();
  try {
    const a = await w.build(withSource("zsh-vi-mode", vi));
    const b = await w.build(withSource("zsh-you-should-use", ysu));
    const c = await w.build(withSource("zsh-powerlevel10k", p10k));
    const r = spawnSync("zsh", ["-fc", `source ${a.disk}/share/zsh-vi-mode/zsh-vi-mode.plugin.zsh; source ${b.disk}/share/zsh/plugins/you-should-use/you-should-use.plugin.zsh; source ${c.disk}/share/zsh-powerlevel10k/powerlevel10k.zsh-theme; echo $zvm_loaded $ysu_loaded $p10k_loaded`], { encoding: "utf8" });
    assert.equal(r.stdout, "1 1 1\n", r.stderr);
    assert.equal(existsSync(join(a.disk, "share/zsh-vi-mode/README.md")), false);
    assert.equal(existsSync(join(c.disk, "share/zsh-powerlevel10k/Makefile")), false);
    assert.ok(existsSync(join(c.disk, "share/zsh-powerlevel10k/config/p10k-lean.zsh")));
  } finally {
    w.done();
    for (const d of [vi, ysu, p10k]) rmSync(d, { recursive: true, force: true });
  }
});

test("nix-direnv is its direnvrc at share/nix-direnv/direnvrc, where home-manager's direnv module links it from", async () => {
  const src = checkout({ direnvrc: "use_flake() { :; }\n", "README.md": "x\n" });
  const w = world();
  try {
    const p = await w.build(withSource("nix-direnv", src));
    assert.equal(readFileSync(join(p.disk, "share/nix-direnv/direnvrc"), "utf8"), "use_flake() { :; }\n");
    assert.equal(existsSync(join(p.disk, "share/nix-direnv/README.md")), false);
  } finally {
    w.done();
    rmSync(src, { recursive: true, force: true });
  }
});
