/**
 * `programs.zsh`, as NixOS's module (with its autosuggestions and
 * syntax-highlighting parts): when enabled, zsh is installed into the
 * system profile and /etc/zsh/zshenv, zprofile and zshrc are
 * system-manager's (zsh-config.ts). Debian's zsh reads no /etc/profile:
 * without them, a user whose shell is zsh has neither the system profile
 * nor their own on PATH. The files Debian had there are moved aside
 * (replaceExisting) and read first by the new ones, and come back when
 * programs.zsh is disabled.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { renderZprofile, renderZshenv, renderZshrc, shellQuote, type ZshSettings } from "./zsh-config.ts";

const { mkOption, mkIf, types } = lib;

interface Autosuggestions {
  enable: boolean;
  highlightStyle: string;
  strategy: string[];
  async: boolean;
  extraConfig: Record<string, string>;
}
interface SyntaxHighlighting {
  enable: boolean;
  highlighters: string[];
  patterns: Record<string, string>;
  styles: Record<string, string>;
}
interface ZshCfg {
  programs: { zsh: ZshSettings & { enable: boolean; enableCompletion: boolean; autosuggestions: Autosuggestions; syntaxHighlighting: SyntaxHighlighting } };
}

const lines = (description: string) => mkOption({ type: types.lines, default: "", description });

/** What NixOS's zsh-autosuggestions module adds to interactiveShellInit. */
export function autosuggestionsInit(a: Autosuggestions, pkg: unknown): string {
  return [
    `source ${String((pkg as { outPath: unknown }).outPath)}/share/zsh-autosuggestions/zsh-autosuggestions.zsh`,
    `export ZSH_AUTOSUGGEST_HIGHLIGHT_STYLE="${a.highlightStyle}"`,
    `export ZSH_AUTOSUGGEST_STRATEGY=(${a.strategy.join(" ")})`,
    ...(a.async ? [] : ["unset ZSH_AUTOSUGGEST_USE_ASYNC"]),
    ...Object.entries(a.extraConfig).map(([k, v]) => `export ${k}="${v}"`),
  ].join("\n") + "\n";
}

/** What NixOS's zsh-syntax-highlighting module adds to interactiveShellInit. */
export function syntaxHighlightingInit(s: SyntaxHighlighting, pkg: unknown): string {
  const entries = (o: Record<string, string>) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    `source ${String((pkg as { outPath: unknown }).outPath)}/share/zsh-syntax-highlighting/zsh-syntax-highlighting.zsh`,
    `ZSH_HIGHLIGHT_HIGHLIGHTERS+=(${s.highlighters.join(" ")})`,
    ...entries(s.patterns).map(([k, v]) => `ZSH_HIGHLIGHT_PATTERNS+=(${shellQuote(k)} ${shellQuote(v)})`),
    ...entries(s.styles).map(([k, v]) => `ZSH_HIGHLIGHT_STYLES+=(${shellQuote(k)} ${shellQuote(v)})`),
  ].join("\n") + "\n";
}

export const zshModule = ({ config, pkgs }: { config: ZshCfg; pkgs: Record<string, unknown> }) => {
  const cfg = () => config.programs.zsh;
  const etc = (render: (s: ZshSettings) => string) => ({ replaceExisting: true, text: lib.lazy(() => render(cfg())) });
  return {
    _file: "system-manager/modules/programs/zsh.ts",
    options: {
      programs: {
        zsh: {
          enable: mkOption({
            type: types.bool,
            default: false,
            description: "Whether to configure zsh as an interactive shell: zsh in the system profile, and /etc/zsh/zshenv, zprofile and zshrc with the system's environment and the settings below (Debian's files moved aside and read first). To make zsh a user's shell, set users.users.<name>.shell = pkgs.zsh.",
          }),
          shellAliases: mkOption({ type: types.attrsOf(types.nullOr(types.either(types.str, types.path))), default: {}, example: { ll: "ls -l" }, description: "Aliases for interactive zsh shells; null removes one." }),
          shellInit: lines("Shell script code called during zsh shell initialisation."),
          loginShellInit: lines("Shell script code called during zsh login shell initialisation."),
          interactiveShellInit: lines("Shell script code called during interactive zsh shell initialisation."),
          promptInit: mkOption({
            type: types.lines,
            default: "# Note that to manually override this in ~/.zshrc you should run `prompt off`\n# before setting your PS1 and etc.\nautoload -U promptinit && promptinit && prompt suse && setopt prompt_sp\n",
            description: "Shell script code used to initialise the zsh prompt.",
          }),
          histSize: mkOption({ type: types.int, default: 2000, description: "Change history size." }),
          histFile: mkOption({ type: types.str, default: "$HOME/.zsh_history", description: "Change history file." }),
          setOptions: mkOption({ type: types.listOf(types.str), default: ["HIST_IGNORE_DUPS", "SHARE_HISTORY", "HIST_FCNTL_LOCK"], example: ["EXTENDED_HISTORY", "RM_STAR_WAIT"], description: "Configure zsh options. See zshoptions(1)." }),
          enableCompletion: mkOption({ type: types.bool, default: true, description: "Enable zsh completion for all interactive zsh shells." }),
          enableBashCompletion: mkOption({ type: types.bool, default: false, description: "Enable compatibility with bash's programmable completion system." }),
          enableGlobalCompInit: mkOption({
            type: types.bool,
            default: lib.lazy(() => cfg().enableCompletion),
            defaultText: "config.programs.zsh.enableCompletion",
            description: "Enable execution of compinit call for all interactive zsh shells. This option can be disabled if the user wants to extend its fpath and a custom compinit call in the local config is required.",
          }),
          enableLsColors: mkOption({ type: types.bool, default: true, description: "Enable extra colors in directory listings (used by ls and tree)." }),
          autosuggestions: {
            enable: mkOption({ type: types.bool, default: false, description: "Whether to enable zsh-autosuggestions." }),
            highlightStyle: mkOption({ type: types.str, default: "fg=8", description: "Highlight style for suggestions ({fore,back}ground color)." }),
            strategy: mkOption({ type: types.listOf(types.enum(["history", "completion", "match_prev_cmd"])), default: ["history"], description: "How suggestions are generated, tried in order." }),
            async: mkOption({ type: types.bool, default: true, description: "Whether to fetch suggestions asynchronously." }),
            extraConfig: mkOption({ type: types.attrsOf(types.str), default: {}, example: { ZSH_AUTOSUGGEST_BUFFER_MAX_SIZE: "20" }, description: "Attribute set with additional configuration values." }),
          },
          syntaxHighlighting: {
            enable: mkOption({ type: types.bool, default: false, description: "Whether to enable zsh-syntax-highlighting." }),
            highlighters: mkOption({ type: types.listOf(types.enum(["main", "brackets", "pattern", "cursor", "regexp", "root", "line"])), default: ["main"], description: "Specifies the highlighters to be used by zsh-syntax-highlighting." }),
            patterns: mkOption({ type: types.attrsOf(types.str), default: {}, example: { "rm -rf *": "fg=white,bold,bg=red" }, description: "Specifies custom patterns to be highlighted by zsh-syntax-highlighting." }),
            styles: mkOption({ type: types.attrsOf(types.str), default: {}, example: { alias: "fg=magenta,bold" }, description: "Specifies custom styles to be highlighted by zsh-syntax-highlighting." }),
          },
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      programs: {
        zsh: {
          interactiveShellInit: lib.mkMerge([
            mkIf(() => cfg().autosuggestions.enable, lib.lazy(() => autosuggestionsInit(cfg().autosuggestions, pkgs["zsh-autosuggestions"]))),
            mkIf(() => cfg().syntaxHighlighting.enable, lib.lazy(() => syntaxHighlightingInit(cfg().syntaxHighlighting, pkgs["zsh-syntax-highlighting"]))),
          ]),
        },
      },
      environment: {
        systemPackages: lib.lazy(() => [pkgs.zsh]),
        etc: { "zsh/zshenv": etc(renderZshenv), "zsh/zprofile": etc(renderZprofile), "zsh/zshrc": etc(renderZshrc) },
      },
    }),
  };
};
