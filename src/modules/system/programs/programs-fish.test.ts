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
import { renderFishConfig } from "./fish-config.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const noFish = spawnSync("fish", ["--version"]).error !== undefined ? "fish is not installed (apt-get install fish)" : undefined;

function evaluate(...modules: unknown[]) {
  const all = [{ nixpkgs: { hostPlatform: "x86_64-linux" } }, ...modules];
  return evaluateSystem(all.map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] }))).evaluation;
}
const environmentOf = (...modules: unknown[]) => toJS(evaluate(...modules).config.lazy("environment") as Lazy) as Record<string, any>;

const SETTINGS = {
  enable: true,
  shellInit: "set -g from_shell_init 1",
  loginShellInit: "set -g from_login 1\n",
  interactiveShellInit: "set -g fish_greeting",
  promptInit: "function fish_prompt; echo '> '; end",
  shellAliases: { ll: "ls -l", "it's": "echo 'quoted'", gone: null },
  shellAbbrs: { gco: "git checkout" },
};

test("programs.fish is off by default: nothing under /etc/fish, no package", () => {
  const env = environmentOf({});
  assert.equal(Object.keys(env.etc).some((k) => k.startsWith("fish/")), false);
});

test("programs.fish.enable: fish in the system profile and conf.d/system-manager.fish, NixOS's settings in NixOS's order", () => {
  const env = environmentOf({ programs: { fish: SETTINGS } });
  assertGolden(join(GOLDEN, "system-manager.fish"), env.etc["fish/conf.d/system-manager.fish"].text);
  assert.ok(env.systemPackages.some((p: { pname?: string }) => p.pname === "fish"), "pkgs.fish is installed");
});

test("a user whose shell is pkgs.fish needs programs.fish.enable, as on NixOS, and the message says so", () => {
  const cfg = (enable: boolean) => ({ pkgs }: { pkgs: Record<string, unknown> }) => ({
    nixpkgs: { hostPlatform: "x86_64-linux" },
    users: { users: { bob: lib.lazy(() => ({ isNormalUser: true, group: "users", shell: pkgs.fish })) } },
    programs: { fish: { enable } },
  });
  const run = (enable: boolean) => checkAssertions(evaluateSystem([NixAttrs.from({ _file: "/cfg/system.nix", imports: [lazyFromJS(cfg(enable))] })]).evaluation);
  assert.throws(() => run(false), /logging in as that user impossible\. You can fix it with:\nprograms\.fish\.enable = true;/);
  assert.deepEqual(run(true), []);
});

test("a fish reading the file has what the profile script exports (PATH, XDG_DATA_DIRS, variables, extraInit) and the settings", { skip: noFish }, () => {
  const dir = mkdtempSync(join(tmpdir(), "programs-fish-"));
  try {
    const profile = join(dir, "system-manager-path.sh");
    writeFileSync(profile, renderProfileScript({ EDITOR: "vim", GREETING: "$HOME says \"hi\"" }, 'export FROM_EXTRA_INIT="yes"\n'));
    const conf = join(dir, "system-manager.fish");
    writeFileSync(conf, renderFishConfig({ ...SETTINGS, shellAliases: SETTINGS.shellAliases }, profile));
    // fish sets USER itself, to the user it runs as.
    const me = userInfo().username;
    const script = `source ${conf}; source ${conf}; printf '%s\\n' $EDITOR "$GREETING" $FROM_EXTRA_INIT $PATH[1..3] "$XDG_DATA_DIRS" $from_shell_init "$from_login" (functions -q ll; and echo aliased) (abbr --query gco; and echo abbr)`;
    const r = spawnSync("fish", ["--no-config", "--login", "--interactive", "-c", script], { env: { HOME: "/home/ann", USER: "ann", PATH: "/usr/bin:/bin", TERM: "dumb" }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        "vim",
        '/home/ann says "hi"',
        "yes",
        "/run/system-manager/sw/bin",
        `/etc/profiles/per-user/${me}/bin`,
        "/usr/bin",
        `/run/system-manager/sw/share:/etc/profiles/per-user/${me}/share:/usr/local/share:/usr/share`,
        "1",
        "1",
        "aliased",
        "abbr",
        "",
      ].join("\n"),
      "sourced twice, it adds nothing twice",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
