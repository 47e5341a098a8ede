/**
 * `programs.bash`: ~/.bash_profile (sources ~/.profile and ~/.bashrc),
 * ~/.profile (sources hm-session-vars.sh, exports bash session variables,
 * profileExtra) and ~/.bashrc (history, shell options, aliases, initExtra;
 * the interactive part after the `[[ $- == *i* ]] || return` guard).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { joinShellBlocks, renderAliases, shellEscape } from "./shell-script.ts";

const { mkOption, mkIf, types } = lib;

interface Bash {
  enable: boolean;
  historySize: number | null;
  historyFileSize: number | null;
  historyControl: string[];
  historyIgnore: string[];
  shellOptions: string[];
  sessionVariables: Record<string, unknown>;
  shellAliases: Record<string, string>;
  profileExtra: string;
  bashrcExtra: string;
  initExtra: string;
  logoutExtra: string;
}
interface Cfg {
  programs: { bash: Bash };
  home: { sessionVariablesFile: string; shellAliases: Record<string, string> };
}

export function renderBashrc(b: Bash, aliases: Record<string, string>): string {
  const hist = [
    b.historyControl.length > 0 ? `HISTCONTROL=${b.historyControl.join(":")}` : undefined,
    b.historyFileSize !== null ? `HISTFILESIZE=${b.historyFileSize}` : undefined,
    b.historyIgnore.length > 0 ? `HISTIGNORE=${shellEscape(b.historyIgnore.join(":"))}` : undefined,
    b.historySize !== null ? `HISTSIZE=${b.historySize}` : undefined,
  ].filter((x): x is string => x !== undefined);
  const opts = b.shellOptions.map((o) => (o.startsWith("-") ? `shopt -u ${o.slice(1)}` : `shopt -s ${o}`));
  return joinShellBlocks([
    b.bashrcExtra,
    "# Commands that should be applied only for interactive shells.\n[[ $- == *i* ]] || return",
    hist.join("\n"),
    opts.join("\n"),
    renderAliases(aliases),
    b.initExtra,
  ]);
}

export function renderProfile(b: Bash, sessionVarsFile: string): string {
  const vars = Object.keys(b.sessionVariables).sort().map((k) => `export ${k}="${String(b.sessionVariables[k])}"`);
  return joinShellBlocks([`. "${sessionVarsFile}"`, vars.join("\n"), b.profileExtra]);
}

const BASH_PROFILE = "# include .profile if it exists\n[[ -f ~/.profile ]] && . ~/.profile\n\n# include .bashrc if it exists\n[[ -f ~/.bashrc ]] && . ~/.bashrc\n";

export const bashModule = ({ config }: { config: Cfg }) => {
  const cfg = () => config.programs.bash;
  return {
    _file: "home-manager/modules/programs/bash.ts",
    options: {
      programs: {
        bash: {
          enable: lib.mkEnableOption("GNU Bourne-Again SHell"),
          historySize: mkOption({ type: types.nullOr(types.int), default: 10000, description: "Commands kept in memory." }),
          historyFileSize: mkOption({ type: types.nullOr(types.int), default: 100000, description: "Commands kept in the history file." }),
          historyControl: mkOption({ type: types.listOf(types.enum(["erasedups", "ignoredups", "ignorespace", "ignoreboth"])), default: [], description: "HISTCONTROL." }),
          historyIgnore: mkOption({ type: types.listOf(types.str), default: [], description: "HISTIGNORE patterns." }),
          shellOptions: mkOption({ type: types.listOf(types.str), default: ["histappend", "extglob", "globstar", "checkjobs"], description: "Options set with shopt (a leading - unsets)." }),
          sessionVariables: mkOption({ type: types.attrsOf(types.anything), default: {}, description: "Variables exported in ~/.profile." }),
          shellAliases: mkOption({ type: types.attrsOf(types.str), default: {}, description: "Aliases in ~/.bashrc." }),
          profileExtra: mkOption({ type: types.lines, default: "", description: "Extra lines of ~/.profile." }),
          bashrcExtra: mkOption({ type: types.lines, default: "", description: "Lines at the top of ~/.bashrc (also for non-interactive shells)." }),
          initExtra: mkOption({ type: types.lines, default: "", description: "Extra lines of ~/.bashrc for interactive shells." }),
          logoutExtra: mkOption({ type: types.lines, default: "", description: "Lines of ~/.bash_logout." }),
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      home: {
        file: {
          ".bash_profile": { text: BASH_PROFILE },
          ".profile": { text: lib.lazy(() => renderProfile(cfg(), config.home.sessionVariablesFile)) },
          ".bashrc": { text: lib.lazy(() => renderBashrc(cfg(), { ...config.home.shellAliases, ...cfg().shellAliases })) },
          ".bash_logout": mkIf(() => cfg().logoutExtra !== "", { text: lib.lazy(() => cfg().logoutExtra) }),
        },
      },
    }),
  };
};
