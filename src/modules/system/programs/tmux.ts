/**
 * `programs.tmux`, as NixOS's module: when enabled, tmux is installed into
 * the system profile and /etc/tmux.conf (which Debian's tmux reads before
 * the user's own) holds the settings, in NixOS's order, then the plugins
 * (pkgs.tmuxPlugins, each run by its rtp) and extraConfig; with
 * secureSocket, TMUX_TMPDIR puts the server's socket under the user's
 * runtime directory. NixOS's withUtempter is not declared: Debian's tmux
 * records sessions in utmp through the host's own utempter helper.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";

const { mkOption, mkIf, types } = lib;

export interface TmuxSettings {
  readonly aggressiveResize: boolean;
  readonly baseIndex: number;
  readonly clock24: boolean;
  readonly customPaneNavigationAndResize: boolean;
  readonly escapeTime: number;
  readonly extraConfigBeforePlugins: string;
  readonly extraConfig: string;
  readonly historyLimit: number;
  readonly keyMode: "emacs" | "vi";
  readonly newSession: boolean;
  readonly reverseSplit: boolean;
  readonly resizeAmount: number;
  readonly shortcut: string;
  readonly terminal: string;
  /** The plugins' rtp scripts. */
  readonly pluginScripts: readonly string[];
}

const DEFAULT_SHORTCUT = "b";

/** Lines of a section: its text without its trailing newline, or nothing. */
const lines = (text: string): string[] => (text.replace(/\n+$/, "") === "" ? [] : [text.replace(/\n+$/, "")]);

/** The text of /etc/tmux.conf. */
export function renderTmuxConf(s: TmuxSettings): string {
  const r = String(s.resizeAmount);
  const sections: string[][] = [
    [`set  -g default-terminal "${s.terminal}"`, `set  -g base-index      ${s.baseIndex}`, `setw -g pane-base-index ${s.baseIndex}`],
    s.newSession ? ["new-session"] : [],
    s.reverseSplit ? ["bind v split-window -h", "bind s split-window -v"] : [],
    [`set -g status-keys ${s.keyMode}`, `set -g mode-keys   ${s.keyMode}`],
    s.keyMode === "vi" && s.customPaneNavigationAndResize
      ? ["bind h select-pane -L", "bind j select-pane -D", "bind k select-pane -U", "bind l select-pane -R", "", `bind -r H resize-pane -L ${r}`, `bind -r J resize-pane -D ${r}`, `bind -r K resize-pane -U ${r}`, `bind -r L resize-pane -R ${r}`]
      : [],
    s.shortcut !== DEFAULT_SHORTCUT
      ? [`# rebind main key: C-${s.shortcut}`, `unbind C-${DEFAULT_SHORTCUT}`, `set -g prefix C-${s.shortcut}`, `bind ${s.shortcut} send-prefix`, `bind C-${s.shortcut} last-window`]
      : [],
    [
      `setw -g aggressive-resize ${s.aggressiveResize ? "on" : "off"}`,
      `setw -g clock-mode-style  ${s.clock24 ? "24" : "12"}`,
      `set  -s escape-time       ${s.escapeTime}`,
      `set  -g history-limit     ${s.historyLimit}`,
    ],
    lines(s.extraConfigBeforePlugins),
    s.pluginScripts.length === 0 ? [] : ["# Run plugins", ...s.pluginScripts.map((p) => `run-shell ${p}`)],
    lines(s.extraConfig),
  ];
  return sections.filter((x) => x.length > 0).map((x) => x.join("\n")).join("\n\n") + "\n";
}

interface TmuxCfg {
  programs: { tmux: Omit<TmuxSettings, "pluginScripts"> & { enable: boolean; secureSocket: boolean; plugins: { rtp: unknown }[] } };
}

const opt = (type: unknown, dflt: unknown, description: string, example?: unknown) => mkOption({ type, default: dflt, description, ...(example === undefined ? {} : { example }) });

export const tmuxModule = ({ config, pkgs }: { config: TmuxCfg; pkgs: Record<string, unknown> }) => {
  const cfg = () => config.programs.tmux;
  return {
    _file: "system-manager/modules/programs/tmux.ts",
    options: {
      programs: {
        tmux: {
          enable: opt(types.bool, false, "Whenever to configure tmux system-wide: tmux in the system profile, and /etc/tmux.conf with the settings below."),
          aggressiveResize: opt(types.bool, false, "Resize the window to the size of the smallest session for which it is the current window."),
          baseIndex: opt(types.int, 0, "Base index for windows and panes.", 1),
          clock24: opt(types.bool, false, "Use 24 hour clock."),
          customPaneNavigationAndResize: opt(types.bool, false, "Override the hjkl and HJKL bindings for pane navigation and resizing in VI mode."),
          escapeTime: opt(types.int, 500, "Time in milliseconds for which tmux waits after an escape is input.", 0),
          extraConfigBeforePlugins: opt(types.lines, "", "Additional contents of /etc/tmux.conf, to be run before sourcing plugins."),
          extraConfig: opt(types.lines, "", "Additional contents of /etc/tmux.conf, to be run after sourcing plugins."),
          historyLimit: opt(types.int, 2000, "Maximum number of lines held in window history.", 5000),
          keyMode: opt(types.enum(["emacs", "vi"]), "emacs", "VI or Emacs style shortcuts.", "vi"),
          newSession: opt(types.bool, false, "Automatically spawn a session if trying to attach and none are running."),
          reverseSplit: opt(types.bool, false, "Reverse the window split shortcuts."),
          resizeAmount: opt(types.int, 5, "Number of lines/columns when resizing.", 10),
          shortcut: opt(types.str, DEFAULT_SHORTCUT, "Ctrl following by this key is used as the main shortcut.", "a"),
          terminal: opt(types.str, "screen", "Set the $TERM variable.", "screen-256color"),
          secureSocket: opt(types.bool, true, "Store tmux socket under /run, which is more secure than /tmp, but as a downside it doesn't survive user logout."),
          plugins: opt(types.listOf(types.package), [], "List of plugins to install (pkgs.tmuxPlugins; mkTmuxPlugin builds one from its source)."),
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      environment: {
        systemPackages: lib.lazy(() => [pkgs.tmux]),
        etc: { "tmux.conf": { text: lib.lazy(() => renderTmuxConf({ ...cfg(), pluginScripts: cfg().plugins.map((p) => String(p.rtp)) })) } },
        variables: mkIf(() => cfg().secureSocket, { TMUX_TMPDIR: "${XDG_RUNTIME_DIR:-/run/user/$(id -u)}" }),
      },
    }),
  };
};
