/**
 * pkgs.tmuxPlugins' pinned plugins (tmux-plugins.nix): each one's name,
 * the GitHub archive it is fetched from and the hash it is checked
 * against (each checked, when pinned, against the repository's tree at
 * that revision, as the archive holds it), and where its rtp is; built
 * from a stand-in source (no network here), a plugin lays its tree out
 * where its rtp points and tmux runs that script.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nixpkgsWorld as world } from "../../../test/helpers/nixpkgs-world.ts";

const GH = "https://github.com";
/** name → [derivation name, archive URL, hash, rtp below the output]. */
const PINNED: Record<string, [string, string, string, string]> = {
  battery: ["tmuxplugin-battery-2.0.0", `${GH}/tmux-plugins/tmux-battery/archive/refs/tags/v2.0.0.tar.gz`, "sha256-kyUrJdraDDye8WEBP2RgHN7kHmafToYtLmrMJ9u0f+0=", "battery/battery.tmux"],
  "better-mouse-mode": ["tmuxplugin-better-mouse-mode-unstable-2021-08-02", `${GH}/NHDaly/tmux-better-mouse-mode/archive/aa59077c635ab21b251bd8cb4dc24c415e64a58e.tar.gz`, "sha256-nPNa3JvDgptGvy2vpo0WSZytyu7kFSEn/Jp/OGA0ZBg=", "better-mouse-mode/scroll_copy_mode.tmux"],
  catppuccin: ["tmuxplugin-catppuccin-2.1.3", `${GH}/catppuccin/tmux/archive/v2.1.3.tar.gz`, "sha256-Is0CQ1ZJMXIwpDjrI5MDNHJtq+R3jlNcd9NXQESUe2w=", "catppuccin/catppuccin.tmux"],
  continuum: ["tmuxplugin-continuum-unstable-2022-01-25", `${GH}/tmux-plugins/tmux-continuum/archive/fc2f31d79537a5b349f55b74c8ca69abaac1ddbb.tar.gz`, "sha256-S1YuZHX4SnSVlMZKv/a87/qj0seRdaWyOXz5ONCVIRo=", "continuum/continuum.tmux"],
  copycat: ["tmuxplugin-copycat-unstable-2020-01-09", `${GH}/tmux-plugins/tmux-copycat/archive/77ca3aab2aed8ede3e2b941079b1c92dd221cf5f.tar.gz`, "sha256-ugVk1zpKeUjOlDWi3LEkJPFsCqyZEivGzGWiqODnkK0=", "copycat/copycat.tmux"],
  cpu: ["tmuxplugin-cpu-unstable-2023-01-06", `${GH}/tmux-plugins/tmux-cpu/archive/98d787191bc3e8f19c3de54b96ba1caf61385861.tar.gz`, "sha256-ymmCI6VYvf94Ot7h2GAboTRBXPIREP+EB33+px5aaJk=", "cpu/cpu.tmux"],
  dracula: ["tmuxplugin-dracula-3.3.1", `${GH}/dracula/tmux/archive/refs/tags/v3.3.1.tar.gz`, "sha256-UFK0PJFgGIBdpjuSn3stAJ7z73FgEj0yK6F+ETRQ5f4=", "dracula/dracula.tmux"],
  gruvbox: ["tmuxplugin-gruvbox-2.0.1", `${GH}/egel/tmux-gruvbox/archive/refs/tags/v2.0.1.tar.gz`, "sha256-TuWPw6sk61k7GnHwN2zH6x6mGurTHiA9f0E6NJfMa6g=", "gruvbox/gruvbox-tpm.tmux"],
  logging: ["tmuxplugin-logging-unstable-2019-04-19", `${GH}/tmux-plugins/tmux-logging/archive/b085ad423b5d59a2c8b8d71772352e7028b8e1d0.tar.gz`, "sha256-Wp4xY2nxv4jl/G7bjNokYk3TcbS9waLERBFSpT1XGlw=", "logging/logging.tmux"],
  nord: ["tmuxplugin-nord-0.3.0-unstable-2023-03-03", `${GH}/nordtheme/tmux/archive/f7b6da07ab55fe32ee5f7d62da56d8e5ac691a92.tar.gz`, "sha256-mcmVYNWOUoQLiu4eM/EUudRg67Gcou13xuC6zv9aMKA=", "nord/nord.tmux"],
  open: ["tmuxplugin-open-unstable-2019-12-02", `${GH}/tmux-plugins/tmux-open/archive/cedb4584908bd8458fadc8d3e64101d3cbb48d46.tar.gz`, "sha256-sFl+wkvQ498irwKWXXAT6/XBrziYLT+CvLCBV2HrQIM=", "open/open.tmux"],
  "pain-control": ["tmuxplugin-pain-control-unstable-2020-02-18", `${GH}/tmux-plugins/tmux-pain-control/archive/2db63de3b08fc64831d833240749133cecb67d92.tar.gz`, "sha256-84NJtxoz4KTVv+i3cde235WcHhRSBIkZjtobZIk16nA=", "pain-control/pain_control.tmux"],
  "power-theme": ["tmuxplugin-power-unstable-2024-05-12", `${GH}/wfxr/tmux-power/archive/16bbde801378a70512059541d104c5ae35be32b9.tar.gz`, "sha256-IyYQyIONMnVBwhhcI3anOPxKpv2TfI2KZgJ5o5JtZ8I=", "power/tmux-power.tmux"],
  "prefix-highlight": ["tmuxplugin-prefix-highlight-unstable-2021-03-30", `${GH}/tmux-plugins/tmux-prefix-highlight/archive/15acc6172300bc2eb13c81718dc53da6ae69de4f.tar.gz`, "sha256-9LWRV0Hw8MmDwn5hWl3DrBuYUqBjLCO02K9bbx11MyM=", "prefix-highlight/prefix_highlight.tmux"],
  resurrect: ["tmuxplugin-resurrect-unstable-2022-05-01", `${GH}/tmux-plugins/tmux-resurrect/archive/ca6468e2deef11efadfe3a62832ae67742505432.tar.gz`, "sha256-dkiIbTPIn3ampK7LItndOL69cMVfuJyOIQZL4lt58jQ=", "resurrect/resurrect.tmux"],
  "rose-pine": ["tmuxplugin-rose-pine-unstable-2024-01-08", `${GH}/rose-pine/tmux/archive/dd6d01338ac4afeb96542dcf24e4a7fe179b69e6.tar.gz`, "sha256-Tccb4VjdotOSw7flJV4N0H4557NxRhXiCecZBPU9ICQ=", "rose-pine/rose-pine.tmux"],
  sensible: ["tmuxplugin-sensible-unstable-2022-08-14", `${GH}/tmux-plugins/tmux-sensible/archive/25cb91f42d020f675bb0a2ce3fbd3a5d96119efa.tar.gz`, "sha256-sw9g1Yzmv2fdZFLJSGhx1tatQ+TtjDYNZI5uny0+5Hg=", "sensible/sensible.tmux"],
  sessionist: ["tmuxplugin-sessionist-unstable-2023-05-02", `${GH}/tmux-plugins/tmux-sessionist/archive/a315c423328d9bdf5cf796435ce7075fa5e1bffb.tar.gz`, "sha256-iC8NvuLujTXw4yZBaenHJ+2uM+HA9aW5b2rQTA8e69s=", "sessionist/sessionist.tmux"],
  "tokyo-night-tmux": ["tmuxplugin-tokyo-night-tmux-1.8.1", `${GH}/janoamaral/tokyo-night-tmux/archive/a39e00bf01fea05f916e4b7707bad5e64adee02c.tar.gz`, "sha256-tmS0MBANSsTg53E2GB0TnjwGcZXboTRFNeDE6Ehn+bM=", "tokyo-night-tmux/tokyo-night.tmux"],
  "vim-tmux-navigator": ["tmuxplugin-vim-tmux-navigator-unstable-2025-06-08", `${GH}/christoomey/vim-tmux-navigator/archive/412c474e97468e7934b9c217064025ea7a69e05e.tar.gz`, "sha256-czhzY1bauNd472osfUZSzsOEoGv9QhQBriF3ULkKNpY=", "vim-tmux-navigator/vim-tmux-navigator.tmux"],
  yank: ["tmuxplugin-yank-unstable-2023-07-19", `${GH}/tmux-plugins/tmux-yank/archive/acfd36e4fcba99f8310a7dfb432111c242fe7392.tar.gz`, "sha256-/5HPaoOx2U2d8lZZJo5dKmemu6hKgHJYq23hxkddXpA=", "yank/yank.tmux"],
};

test("the common tmux plugins are nixpkgs': each repository at its pinned revision, checked against its hash, its rtp where home-manager's tmux module runs it", () => {
  const w = world();
  try {
    for (const [attr, [name, url, hash, rtp]] of Object.entries(PINNED)) {
      assert.equal(w.evalWith(`pkgs.tmuxPlugins.${attr}.name`), name, attr);
      assert.equal(w.evalWith(`pkgs.tmuxPlugins.${attr}.src.url`), url, attr);
      assert.equal(w.evalWith(`pkgs.tmuxPlugins.${attr}.src.outputHash`), hash, attr);
      assert.match(String(w.evalWith(`pkgs.tmuxPlugins.${attr}.rtp`)), new RegExp(`^/var/lib/system-manager/store/[0-9a-z]{32}-${name.replace(/\./g, "\\.")}/share/tmux-plugins/${rtp.replace(/\./g, "\\.")}$`), attr);
    }
    assert.throws(() => w.evalWith("pkgs.tmuxPlugins.tmux-fzf.rtp"), /Cannot use pkgs\.tmuxPlugins\.tmux-fzf: Debian packages no tmux plugins/);
  } finally {
    w.done();
  }
});

test("a pinned plugin built from its tree: the tree under share/tmux-plugins/<path>, its rtp an executable script tmux runs", { skip: spawnSync("tmux", ["-V"]).status === 0 ? undefined : "tmux is not installed" }, async () => {
  const src = mkdtempSync(join(tmpdir(), "tmux-plugin-src-"));
  mkdirSync(join(src, "scripts"));
  writeFileSync(join(src, "tmux-power.tmux"), '#!/usr/bin/env bash\ntmux set -g @power-loaded "$(cat "$(dirname "$0")/scripts/word")"\n', { mode: 0o755 });
  writeFileSync(join(src, "scripts/word"), "yes\n");
  const w = world();
  const socket = join(src, "tmux.sock");
  try {
    const rtp = await w.build(`(pkgs.tmuxPlugins.power-theme.overrideAttrs { src = builtins.path { path = ${JSON.stringify(src)}; name = "source"; }; }).rtp`);
    assert.match(rtp.storePath, /-tmuxplugin-power-unstable-2024-05-12\/share\/tmux-plugins\/power\/tmux-power\.tmux$/);
    assert.ok(statSync(rtp.disk).mode & 0o100, "the script stays executable");
    assert.equal(readFileSync(join(rtp.disk, "../scripts/word"), "utf8"), "yes\n");
    const r = spawnSync("tmux", ["-S", socket, "-f", "/dev/null", "new-session", "-d", ";", "run-shell", rtp.disk, ";", "show", "-gv", "@power-loaded"], { encoding: "utf8" });
    assert.equal(r.stdout, "yes\n", r.stderr);
  } finally {
    spawnSync("tmux", ["-S", socket, "kill-server"]);
    w.done();
    rmSync(src, { recursive: true, force: true });
  }
});
