import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";

test("the shell plugins Debian lacks are nixpkgs': each repository at nixpkgs' release, checked against nixpkgs' hash", () => {
  const w = world();
  try {
    const expected = {
      "bash-preexec": ["bash-preexec-0.6.0", "https://github.com/rcaloras/bash-preexec/archive/0.6.0.tar.gz", "sha256-4DzbeIiUX7iXy2CeSvRC2X+XnjVk+/UiMbM/dLHx7zU="],
      "zsh-history-substring-search": ["zsh-history-substring-search-1.1.0", "https://github.com/zsh-users/zsh-history-substring-search/archive/v1.1.0.tar.gz", "sha256-GSEvgvgWi1rrsgikTzDXokHTROoyPRlU0FVpAoEmXG4="],
      "oh-my-zsh": ["oh-my-zsh-2024-10-01", "https://github.com/ohmyzsh/ohmyzsh/archive/f4423ebd09fbc7670815c3c20cc86c81b7319e5f.tar.gz", "sha256-JlYgWssS1DT1/Jlk6fOZqyEr6ta3ky6tlDqDZbJ1A9k="],
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
