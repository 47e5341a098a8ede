import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";
import { renderProfileScript } from "../environment-files.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const noTmux = spawnSync("tmux", ["-V"]).error !== undefined ? "tmux is not installed (apt-get install tmux)" : undefined;

function environmentOf(...modules: unknown[]): Record<string, any> {
  const all = [{ nixpkgs: { hostPlatform: "x86_64-linux" } }, ...modules];
  const ev = evaluateSystem(all.map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] }))).evaluation;
  return toJS(ev.config.lazy("environment") as Lazy) as Record<string, any>;
}

const plugin = { type: "derivation", name: "tmuxplugin-yank", pname: "tmuxplugin-yank", outPath: "/var/lib/system-manager/store/aaaa-tmuxplugin-yank", rtp: "/var/lib/system-manager/store/aaaa-tmuxplugin-yank/share/tmux-plugins/yank/yank.tmux" };

test("programs.tmux is off by default: no /etc/tmux.conf", () => {
  assert.equal(environmentOf({}).etc["tmux.conf"], undefined);
});

test("programs.tmux: tmux in the system profile, /etc/tmux.conf with NixOS's settings, then the plugins and extraConfig; TMUX_TMPDIR with secureSocket", () => {
  const base = environmentOf({ programs: { tmux: { enable: true } } });
  assertGolden(join(GOLDEN, "default.tmux.conf"), base.etc["tmux.conf"].text);
  assert.ok(base.systemPackages.some((p: { pname?: string }) => p.pname === "tmux"));
  assert.equal(base.variables.TMUX_TMPDIR, "${XDG_RUNTIME_DIR:-/run/user/$(id -u)}");
  const full = environmentOf({
    programs: {
      tmux: {
        enable: true, clock24: true, keyMode: "vi", customPaneNavigationAndResize: true, shortcut: "a", baseIndex: 1, newSession: true, reverseSplit: true,
        escapeTime: 0, historyLimit: 10000, terminal: "tmux-256color", secureSocket: false, plugins: [plugin],
        extraConfigBeforePlugins: "set -g @yank_selection 'primary'", extraConfig: "set -g mouse on\n",
      },
    },
  });
  assertGolden(join(GOLDEN, "full.tmux.conf"), full.etc["tmux.conf"].text);
  assert.equal(full.variables.TMUX_TMPDIR, undefined, "without secureSocket, tmux's own default");
});

test("tmux reads the file (a real tmux, its settings as written) and the profile script sets TMUX_TMPDIR to the runtime directory", { skip: noTmux }, () => {
  const dir = mkdtempSync(join(tmpdir(), "programs-tmux-"));
  try {
    const env = environmentOf({ programs: { tmux: { enable: true, clock24: true, historyLimit: 4242, keyMode: "vi", extraConfig: "set -g @greeting hello" } } });
    writeFileSync(join(dir, "tmux.conf"), env.etc["tmux.conf"].text);
    const socket = join(dir, "sock");
    const t = (...args: string[]) => spawnSync("tmux", ["-S", socket, "-f", join(dir, "tmux.conf"), ...args], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", TERM: "dumb", HOME: dir, SHELL: "/bin/sh" } });
    const started = t("new-session", "-d");
    assert.equal(started.status, 0, started.stderr);
    const shown = t("show-options", "-g", "history-limit");
    assert.equal(shown.stdout, "history-limit 4242\n", shown.stderr);
    assert.equal(t("show-options", "-gv", "@greeting").stdout, "hello\n");
    assert.equal(t("show-options", "-gwv", "clock-mode-style").stdout, "24\n");
    assert.equal(t("show-options", "-gv", "mode-keys").stdout, "vi\n");
    t("kill-server");
    writeFileSync(join(dir, "profile.sh"), renderProfileScript(env.variables));
    const r = spawnSync("sh", ["-c", `. ${join(dir, "profile.sh")}; echo "$TMUX_TMPDIR"`], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", USER: "ann", XDG_RUNTIME_DIR: "/run/user/1234" } });
    assert.equal(r.stdout, "/run/user/1234\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
