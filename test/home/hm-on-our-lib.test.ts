/**
 * The real nix-community/home-manager (a local copy) evaluated on our lib
 * and module system: a flake whose `nixpkgs` input is the built-in
 * stand-in (github:nixos/nixpkgs, whose `lib` is ours) gives the same
 * home as one whose `nixpkgs` is nixpkgs.lib's real tree. Both evaluate
 * home-manager's modules as its modules/default.nix does (its extended
 * lib, modules.nix, evalModules with class "homeManager"), for a
 * configuration enabling the modules users enable most, and the results
 * must be identical: every home.file's target, text, source and
 * executable bit; home.packages' names; home.activation in the order
 * home-manager's DAG sorts it; the failed assertions' messages; warnings.
 * Skips visibly without the upstream copies.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { toJS } from "../../src/nix/js-value.ts";
import type { Lazy } from "../../src/nix/value.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const dirOf = (t: typeof hm) => ("dir" in t ? t.dir : "");

/** The configuration: the acceptance list's modules, each with a setting or two. */
export const ACCEPTANCE_MODULE = `{ pkgs, lib, ... }: {
  programs.git = { enable = true; settings.user = { name = "Jane Doe"; email = "jane@example.org"; }; ignores = [ "*.swp" ]; };
  programs.zsh = { enable = true; shellAliases.ll = "ls -l"; history.size = 5000; initContent = "bindkey -e"; };
  programs.bash = { enable = true; shellAliases.g = "git"; initExtra = "set -o vi"; };
  programs.starship = { enable = true; settings.add_newline = false; };
  programs.direnv = { enable = true; nix-direnv.enable = true; };
  programs.fzf = { enable = true; package = pkgs.fzf // { version = "0.60.0"; }; };
  programs.zoxide.enable = true;
  programs.bat = { enable = true; config.theme = "TwoDark"; };
  programs.eza = { enable = true; icons = "auto"; };
  programs.tmux = { enable = true; keyMode = "vi"; extraConfig = "set -g mouse on"; };
  programs.ssh = { enable = true; enableDefaultConfig = false; matchBlocks.example = { hostname = "example.org"; user = "jane"; }; };
  programs.gpg.enable = true;
  services.gpg-agent = { enable = true; defaultCacheTtl = 1800; enableSshSupport = true; };
  programs.gh = { enable = true; settings.git_protocol = "ssh"; };
  systemd.user.services.hello = { Unit.Description = "Say hello"; Service.ExecStart = "\${pkgs.coreutils}/bin/echo hello"; Install.WantedBy = [ "default.target" ]; };
  home.file.".hello".text = "hi\\n";
  home.file."bin/greet" = { text = "#!/bin/sh\\necho hi\\n"; executable = true; };
  home.sessionVariables = { EDITOR = "nvim"; PAGER = "less"; };
  xdg.configFile."app/config.toml".text = "x = 1\\n";
  home.activation.mine = lib.hm.dag.entryAfter [ "writeBoundary" ] "echo mine";
}`;

/** A flake whose `summary` is what the test compares, for a nixpkgs input `url`. */
export function summaryFlake(dir: string, hmDir: string, nixpkgsUrl: string, module: string): void {
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "${nixpkgsUrl}";
  inputs.home-manager.url = "path:${hmDir}";
  outputs = { nixpkgs, home-manager, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      lib = import (home-manager + "/modules/lib/stdlib-extended.nix") pkgs.lib;
      raw = lib.evalModules {
        modules = [
          { home.username = "jane"; home.homeDirectory = "/home/jane"; home.stateVersion = "24.05"; }
          (${module})
          { nixpkgs = { config = lib.mkDefault pkgs.config; inherit (pkgs) overlays; }; }
        ] ++ import (home-manager + "/modules/modules.nix") { inherit pkgs lib; check = true; };
        class = "homeManager";
        specialArgs.modulesPath = toString (home-manager + "/modules");
      };
      c = raw.config;
    in {
      summary = {
        files = lib.mapAttrs (n: f: { inherit (f) target executable text; source = toString f.source; }) c.home.file;
        packages = map (p: p.name or "<unnamed>") c.home.packages;
        activation = map (e: e.name) (lib.hm.dag.topoSort c.home.activation).result;
        failedAssertions = map (a: a.message) (lib.filter (a: !a.assertion) c.assertions);
        warnings = c.warnings;
      };
    };
}
`,
  );
}

/** The summary of `module` evaluated with the nixpkgs input at `url`, and how long it took (ms). */
export function summaryWith(nixpkgsUrl: string, module: string): { summary: unknown; ms: number } {
  const dir = mkdtempSync(join(tmpdir(), "sm-hm-lib-"));
  summaryFlake(dir, dirOf(hm), nixpkgsUrl, module);
  const { ctx } = flakeEvaluation({ warn: () => {} });
  const start = performance.now();
  const summary: unknown = JSON.parse(JSON.stringify(toJS(loadFlake(dir, ctx).lazy("summary") as Lazy)));
  return { summary, ms: performance.now() - start };
}

test("the real home-manager gives the same home on our lib as on nixpkgs' lib", { skip }, () => {
  const real = summaryWith(`path:${dirOf(lib)}`, ACCEPTANCE_MODULE);
  const ours = summaryWith("github:nixos/nixpkgs/nixos-unstable", ACCEPTANCE_MODULE);
  process.stderr.write(`# home-manager acceptance config: nixpkgs' lib ${Math.round(real.ms)} ms, our lib ${Math.round(ours.ms)} ms\n`);
  const s = ours.summary as { files: Record<string, { target: string; text: string | null }>; packages: string[]; activation: string[] };
  // The capability itself, not only the equality: the acceptance modules' files and entries are there.
  for (const target of [".config/git/config", "./.zshrc", ".bashrc", ".config/starship.toml", ".config/direnv/lib/hm-nix-direnv.sh", ".config/bat/config", ".config/tmux/tmux.conf", ".ssh/config", ".gnupg/gpg-agent.conf", ".config/gh/config.yml", ".config/systemd/user/hello.service", ".hello", "bin/greet", ".config/app/config.toml"]) {
    assert.ok(Object.values(s.files).some((f) => f.target === target), `home.file has ${target}: ${Object.values(s.files).map((f) => f.target).join(" ")}`);
  }
  assert.ok(s.packages.includes("git") && s.packages.includes("hm-session-vars.sh"), s.packages.join(" "));
  assert.ok(s.activation.indexOf("writeBoundary") < s.activation.indexOf("mine"), s.activation.join(" "));
  assert.deepEqual(ours.summary, real.summary);
});

/** More modules: other shells' tools, terminals, editors, desktop settings (dconf, gtk, xdg), services, timers. */
export const MORE_MODULE = `{ pkgs, lib, config, ... }: {
  programs.man.generateCaches = false;
  programs.nushell.enable = true;
  programs.helix = { enable = true; settings.theme = "base16"; languages.language = [ { name = "nix"; auto-format = true; } ]; };
  programs.alacritty = { enable = true; settings.window.opacity = 0.9; };
  programs.kitty = { enable = true; settings.font_size = 11; };
  programs.htop = { enable = true; settings.color_scheme = 6; };
  programs.jq.enable = true;
  programs.less.enable = true;
  programs.atuin = { enable = true; settings.auto_sync = false; };
  programs.yazi = { enable = true; settings.mgr.show_hidden = true; };
  programs.lazygit = { enable = true; settings.gui.theme.lightTheme = false; };
  programs.ripgrep = { enable = true; arguments = [ "--smart-case" ]; };
  programs.fd = { enable = true; ignores = [ ".git/" ]; };
  programs.readline = { enable = true; variables.editing-mode = "vi"; };
  dconf.settings."org/gnome/desktop/interface" = { color-scheme = "prefer-dark"; text-scaling-factor = 1.25; };
  gtk = { enable = true; theme.name = "Adwaita"; };
  xdg.mimeApps = { enable = true; defaultApplications."text/plain" = [ "nvim.desktop" ]; };
  xdg.userDirs = { enable = true; createDirectories = false; };
  services.syncthing.enable = true;
  services.ssh-agent.enable = true;
  systemd.user.timers.hello = { Timer.OnCalendar = "daily"; Install.WantedBy = [ "timers.target" ]; };
  home.shellAliases.gs = "git status";
  home.sessionPath = [ "$HOME/.local/bin" ];
  editorconfig = { enable = true; settings."*".indent_style = "space"; };
  programs.git = { enable = true; lfs.enable = true; settings.alias.co = "checkout"; };
  programs.git.signing = { key = "ABC"; signByDefault = true; format = "openpgp"; };
}`;

test("more of home-manager's modules give the same home on our lib as on nixpkgs' lib", { skip }, () => {
  const real = summaryWith(`path:${dirOf(lib)}`, MORE_MODULE);
  const ours = summaryWith("github:nixos/nixpkgs/nixos-unstable", MORE_MODULE);
  const s = ours.summary as { files: Record<string, { target: string }> };
  for (const target of [".config/helix/config.toml", ".config/alacritty/alacritty.toml", ".config/kitty/kitty.conf", ".config/atuin/config.toml", ".editorconfig", ".inputrc", ".config/mimeapps.list", ".config/user-dirs.dirs", ".config/systemd/user/hello.timer"]) {
    assert.ok(Object.values(s.files).some((f) => f.target === target), `home.file has ${target}`);
  }
  assert.deepEqual(ours.summary, real.summary);
});
