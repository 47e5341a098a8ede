/**
 * users.users.<name>.ignoreShellProgramCheck and the check it silences
 * (users-shell-check.ts): pkgs.zsh, pkgs.fish or pkgs.xonsh as a shell
 * needs programs.<shell>.enable, in NixOS's words.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { checkAssertions } from "../../build/check-assertions.ts";
import { lazyFromJS } from "../../nix/js-value.ts";
import { NixAttrs } from "../../nix/value.ts";
import { jsLib as lib } from "../../module-system/js-lib.ts";

type Pkgs = Record<string, unknown>;

function check(user: (pkgs: Pkgs) => Record<string, unknown>, extra: unknown[] = []): string[] {
  const cfg = ({ pkgs }: { pkgs: Pkgs }) => ({
    nixpkgs: { hostPlatform: "x86_64-linux" },
    users: { users: { bob: lib.lazy(() => ({ isNormalUser: true, ...user(pkgs) })) } },
  });
  const { evaluation } = evaluateSystem([NixAttrs.from({ _file: "/cfg/system.nix", imports: [lazyFromJS(cfg), ...extra.map(lazyFromJS)] })]);
  return checkAssertions(evaluation);
}

test("pkgs.xonsh as a shell, which has no programs.xonsh module here, fails naming the option that silences the check; ignoreShellProgramCheck silences it", () => {
  assert.throws(() => check((pkgs) => ({ shell: pkgs.xonsh })), (e: Error) => {
    assert.equal(
      e.message.split("\n").slice(2, 8).join("\n"),
      "- users.users.bob.shell is set to xonsh, but\nprograms.xonsh.enable is not true. This will cause the xonsh\nshell to lack the basic nix directories in its PATH and might make\n" +
        "logging in as that user impossible. system-manager has no programs.xonsh module: once the shell finds\n/run/system-manager/sw/bin by other means, set\nusers.users.bob.ignoreShellProgramCheck = true;",
    );
    assert.match(e.message, /\(defined in `\/cfg\/system\.nix'\)/);
    return true;
  });
  assert.throws(() => check((pkgs) => ({ shell: pkgs.fish })), /users\.users\.bob\.shell is set to fish, but/);
  assert.deepEqual(check((pkgs) => ({ shell: pkgs.xonsh, ignoreShellProgramCheck: true })), []);
});

test("other shells, and a shell given as a path, are not checked", () => {
  assert.deepEqual(check((pkgs) => ({ shell: pkgs.bashInteractive })), []);
  assert.deepEqual(check(() => ({ shell: "/usr/bin/zsh" })), []);
});

test("where a programs.<shell> module exists (zsh), NixOS's message as it is, and enabling the program passes", () => {
  assert.throws(() => check((pkgs) => ({ shell: pkgs.zsh })), (e: Error) => {
    assert.ok(
      e.message.includes(
        "logging in as that user impossible. You can fix it with:\nprograms.zsh.enable = true;\n\nIf you know what you're doing and you are fine with the behavior,\n" +
          "set users.users.bob.ignoreShellProgramCheck = true;\ninstead.\n",
      ),
      e.message,
    );
    return true;
  });
  assert.deepEqual(check((pkgs) => ({ shell: pkgs.zsh }), [{ programs: { zsh: { enable: true } } }]), []);
});
