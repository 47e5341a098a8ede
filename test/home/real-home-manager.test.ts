/**
 * The real nix-community/home-manager (a local copy, never committed) as a
 * flake input, with nixpkgs.lib's real lib: `home-manager switch --flake`
 * builds and activates it into a scratch home, and for modules of the
 * acceptance list the files our build makes are byte for byte what
 * home-manager's own tests expect (their tests/modules/programs/<name>/
 * fixtures, read at test time and run with their own harness:
 * hm-fixtures.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { main } from "../../src/cli/home-manager-main.ts";
import { asInHomeManagerTests, runFixtures, writeHomeFlake } from "./hm-fixtures.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const dirOf = (t: typeof hm) => ("dir" in t ? t.dir : "");

function flake(dir: string, configs: string): void {
  writeHomeFlake(dir, { hm: dirOf(hm), nixpkgs: dirOf(lib), configs });
}

test("home-manager switch --flake with the real home-manager: git, a text file, packages; activated into the home", { skip }, async () => {
  const home = mkdtempSync(join(tmpdir(), "sm-real-hm-"));
  flake(
    join(home, "flake"),
    `hm-user = mk [ ({ pkgs, ... }: {
        home.username = "hm-user";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        home.packages = [ pkgs.ripgrep ];
        home.file.".config/example/hello.txt".text = "Hello from home-manager!\\n";
        programs.git = { enable = true; settings.user = { name = "John Doe"; email = "user@example.org"; }; };
        programs.bash.enable = true;
        home.sessionVariables.EDITOR = "vim";
        home.activation.myThing = { after = [ "writeBoundary" ]; before = [ ]; data = "run echo ran > \\"$HOME/my-thing\\"; verboseEcho quiet; noteEcho \\"note $VERBOSE_ARG\\""; };
      }) ];`,
  );
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "hm-user", SYSTEM_MANAGER_PACKAGES: "off" }, cwd: home };
  assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#hm-user`], io), 0, io.err);
  assert.equal(readFileSync(join(home, ".config/example/hello.txt"), "utf8"), "Hello from home-manager!\n");
  assert.ok(lstatSync(join(home, ".config/git/config")).isSymbolicLink());
  const expected = readFileSync(join(dirOf(hm), "tests/modules/programs/git/git-without-signing-legacy.conf"), "utf8");
  assert.equal(asInHomeManagerTests(readFileSync(join(home, ".config/git/config"), "utf8"), false), expected);
  assert.equal(readFileSync(join(home, "my-thing"), "utf8"), "ran\n", `a user activation entry runs: ${io.err}`);
  const order = io.err.split("\n").flatMap((l) => (l.startsWith("Activating ") ? [l.slice(11)] : []));
  assert.deepEqual(order, ["checkFilesChanged", "checkLinkTargets", "writeBoundary", "installPackages", "linkGeneration", "myThing", "onFilesChange", "reloadSystemd"], "home-manager's own order");
  assert.ok(existsSync(join(home, ".nix-profile/etc/profile.d/hm-session-vars.sh")));
  // .profile sources home-manager's hm-session-vars.sh from its store path, which the build wrote (the store is the user's).
  const sourced = /^\. "([^"]+)"$/m.exec(readFileSync(join(home, ".profile"), "utf8"))?.[1] ?? "";
  assert.match(readFileSync(join(home, ".local/state/system-manager/home", sourced), "utf8"), /^export EDITOR="vim"$/m);
});

/** Fixtures of home-manager's own tests (tests/modules/…) for the acceptance list whose files we build byte for byte. */
const FIXTURES = [
  "programs/git/git-without-signing-legacy.nix",
  "programs/git/git-with-email.nix",
  "programs/git/git-with-lfs.nix",
  "programs/git/git-with-hooks.nix",
  "programs/git/git-settings-ordered-fragments.nix",
  "programs/git/git-credential-integrations.nix",
  "programs/bash/session-variables.nix",
  "programs/bash/completion.nix",
  "programs/zsh/history-substring-search.nix",
  "programs/zsh/session-variables.nix",
  "programs/zsh/plugins.nix",
  "programs/starship/settings.nix",
  "programs/fzf/bash-integration.nix",
  "programs/fzf/zsh-integration.nix",
  "programs/bat/bat.nix",
  "programs/eza/bash.nix",
  "programs/tmux/vi-all-true.nix",
  "programs/ssh/settings.nix",
  "programs/ssh/match-blocks-attrs.nix",
  "programs/gpg/override-defaults.nix",
  "services/gpg-agent/default-homedir.nix",
  "programs/gh/credential-helper.nix",
  "systemd/services.nix",
];

test("the real home-manager's files are byte for byte what its own tests expect", { skip }, async () => {
  const results = await runFixtures(dirOf(hm), dirOf(lib), mkdtempSync(join(tmpdir(), "sm-real-hm-fixtures-")), FIXTURES);
  assert.deepEqual(results.filter((r) => r.problems.length > 0).map((r) => `${r.fixture}: ${r.problems.join("\n")}`), []);
});
