import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { checkAssertions } from "../../../build/check-assertions.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";
import { renderProfileScript } from "../environment-files.ts";
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { renderZprofile, renderZshenv, renderZshrc } from "./zsh-config.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const noZsh = spawnSync("zsh", ["--version"]).error !== undefined ? "zsh is not installed (apt-get install zsh)" : undefined;

function evaluate(...modules: unknown[]) {
  const all = [{ nixpkgs: { hostPlatform: "x86_64-linux" } }, ...modules];
  return evaluateSystem(all.map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] }))).evaluation;
}
const environmentOf = (...modules: unknown[]) => toJS(evaluate(...modules).config.lazy("environment") as Lazy) as Record<string, any>;
const settingsOf = (...modules: unknown[]) => (toJS(evaluate(...modules).config.lazy("programs") as Lazy) as Record<string, any>).zsh;

const SETTINGS = {
  enable: true,
  shellInit: "from_shell_init=1",
  loginShellInit: "from_login=1\n",
  interactiveShellInit: "from_interactive=1",
  promptInit: "PROMPT='> '",
  shellAliases: { ll: "ls -l", "it's": "echo 'quoted'", gone: null },
  histSize: 500,
  autosuggestions: { enable: true, strategy: ["history", "completion"], extraConfig: { ZSH_AUTOSUGGEST_BUFFER_MAX_SIZE: "20" } },
  syntaxHighlighting: { enable: true, highlighters: ["main", "brackets"], styles: { alias: "fg=magenta,bold" } },
};

test("programs.zsh is off by default: nothing under /etc/zsh", () => {
  const env = environmentOf({});
  assert.equal(Object.keys(env.etc).some((k) => k.startsWith("zsh/")), false);
});

test("programs.zsh.enable: zsh in the system profile and /etc/zsh's files, replacing the host's, NixOS's settings in NixOS's order", () => {
  const env = environmentOf({ programs: { zsh: SETTINGS } });
  for (const f of ["zshenv", "zprofile", "zshrc"]) {
    const entry = env.etc[`zsh/${f}`];
    assert.equal(entry.replaceExisting, true, `${f} replaces Debian's, which is kept aside`);
    assertGolden(join(GOLDEN, f), entry.text.replace(/\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-/g, "@store@/"));
  }
  assert.ok(env.systemPackages.some((p: { pname?: string }) => p.pname === "zsh"), "pkgs.zsh is installed");
});

test("a user whose shell is pkgs.zsh needs programs.zsh.enable, as on NixOS, and the message says so", () => {
  const cfg = (enable: boolean) => ({ pkgs }: { pkgs: Record<string, unknown> }) => ({
    nixpkgs: { hostPlatform: "x86_64-linux" },
    users: { users: { bob: lib.lazy(() => ({ isNormalUser: true, group: "users", shell: pkgs.zsh })) } },
    programs: { zsh: { enable } },
  });
  const run = (enable: boolean) => checkAssertions(evaluateSystem([NixAttrs.from({ _file: "/cfg/system.nix", imports: [lazyFromJS(cfg(enable))] })]).evaluation);
  assert.throws(() => run(false), /logging in as that user impossible\. You can fix it with:\nprograms\.zsh\.enable = true;/);
  assert.deepEqual(run(true), []);
});

test("a zsh reading the files has the profile script's environment once, the host's files first, and the settings", { skip: noZsh }, () => {
  const dir = mkdtempSync(join(tmpdir(), "programs-zsh-"));
  try {
    const profile = join(dir, "system-manager-path.sh");
    writeFileSync(profile, renderProfileScript({ EDITOR: "vim", GREETING: "$HOME says \"hi\"" }, 'export FROM_EXTRA_INIT="yes"\n'));
    const s = { ...settingsOf({ programs: { zsh: { ...SETTINGS, autosuggestions: { enable: false }, syntaxHighlighting: { enable: false } } } }), enableLsColors: false, enableGlobalCompInit: false };
    const files = { zshenv: renderZshenv(s, profile), zprofile: renderZprofile(s), zshrc: renderZshrc(s) };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text.replaceAll("/etc/zsh/", `${dir}/`));
    writeFileSync(join(dir, "zshrc.system-manager-backup"), "from_host_zshrc=1\n");
    const me = userInfo().username;
    const script = [
      `source ${dir}/zshenv; source ${dir}/zshenv; source ${dir}/zprofile; source ${dir}/zshrc; source ${dir}/zshrc`,
      `k="it's"; print -l -- $EDITOR "$GREETING" $FROM_EXTRA_INIT $path[1,3] $from_shell_init $from_login $from_interactive $from_host_zshrc $HISTSIZE "$(alias ll)" "\${aliases[$k]}" "$(alias gone)" "$PROMPT"`,
      // A zsh started from a shell that has the environment already does not add it again.
      `zsh -f -c "source ${dir}/zshenv; print -- \\$PATH"`,
    ].join("\n");
    const r = spawnSync("zsh", ["-f", "-c", script], { env: { HOME: "/home/ann", USER: "ann", PATH: "/usr/bin:/bin", TERM: "dumb" }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const path = `/run/system-manager/sw/bin:/etc/profiles/per-user/ann/bin:/usr/bin:/bin`;
    assert.equal(
      r.stdout,
      ["vim", '/home/ann says "hi"', "yes", "/run/system-manager/sw/bin", "/etc/profiles/per-user/ann/bin", "/usr/bin", "1", "1", "1", "1", "500", "ll='ls -l'", "echo 'quoted'", "", "$ ", path, ""].join("\n"),
      `sourced twice, each adds nothing twice (${me})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
