/**
 * `programs.zsh`: ~/.zshenv sources hm-session-vars.sh (every shell),
 * ~/.zshrc holds history settings, aliases and initContent.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { joinShellBlocks, renderAliases } from "./shell-script.ts";

const { mkOption, mkIf, types } = lib;

interface Zsh {
  enable: boolean;
  shellAliases: Record<string, string>;
  initContent: string;
  envExtra: string;
  history: { size: number; save: number; path: string };
}
interface Cfg {
  programs: { zsh: Zsh };
  home: { sessionVariablesFile: string; shellAliases: Record<string, string>; homeDirectory: string };
}

export function renderZshrc(z: Zsh, aliases: Record<string, string>): string {
  const hist = [`HISTSIZE="${z.history.size}"`, `SAVEHIST="${z.history.save}"`, `HISTFILE="${z.history.path}"`].join("\n");
  return joinShellBlocks([hist, renderAliases(aliases), z.initContent]);
}

export const zshModule = ({ config }: { config: Cfg }) => {
  const cfg = () => config.programs.zsh;
  return {
    _file: "home-manager/modules/programs/zsh.ts",
    options: {
      programs: {
        zsh: {
          enable: lib.mkEnableOption("Z shell (Zsh)"),
          shellAliases: mkOption({ type: types.attrsOf(types.str), default: {}, description: "Aliases in ~/.zshrc." }),
          initContent: mkOption({ type: types.lines, default: "", description: "Lines of ~/.zshrc (order with mkBefore/mkAfter/mkOrder)." }),
          envExtra: mkOption({ type: types.lines, default: "", description: "Extra lines of ~/.zshenv." }),
          history: {
            size: mkOption({ type: types.int, default: 10000, description: "Lines of history kept in memory." }),
            save: mkOption({ type: types.int, default: 10000, description: "Lines of history saved." }),
            path: mkOption({ type: types.str, default: lib.lazy(() => `${config.home.homeDirectory}/.zsh_history`), description: "The history file." }),
          },
        },
      },
    },
    config: mkIf(() => cfg().enable, {
      home: {
        file: {
          ".zshenv": { text: lib.lazy(() => `. "${config.home.sessionVariablesFile}"\n${cfg().envExtra === "" ? "" : "\n" + cfg().envExtra.replace(/\n*$/, "\n")}`) },
          ".zshrc": { text: lib.lazy(() => renderZshrc(cfg(), { ...config.home.shellAliases, ...cfg().shellAliases })) },
        },
      },
    }),
  };
};
