/**
 * `xdg.*`: the base directories (deterministic, under the home), and with
 * `xdg.enable` the XDG_*_HOME session variables. Files placed in them are
 * merged into `home.file`.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, mkIf, types } = lib;

interface Cfg {
  home: { homeDirectory: string };
  xdg: { enable: boolean; configHome: string; dataHome: string; cacheHome: string; stateHome: string } & Record<string, Record<string, unknown>>;
}

interface FileConfig {
  enable: boolean;
  target: string;
  text: string | null;
  source?: unknown;
  executable: boolean | null;
  recursive: boolean;
  onChange: string;
  force: boolean;
}

/** An xdg file's settled values as a home.file definition (`source` only when it is the content). */
function asHomeFile(f: FileConfig): Record<string, unknown> {
  const { enable, target, text, executable, recursive, onChange, force } = f;
  return { enable, target, text, executable, recursive, onChange, force, ...(text === null ? { source: f.source } : {}) };
}

const dir = (description: string, rel: string, config: Cfg) =>
  mkOption({ type: types.path, default: lib.lazy(() => `${config.home.homeDirectory}/${rel}`), description });

export const xdgModule = ({ config }: { config: Cfg }) => ({
  _file: "home-manager/modules/xdg.ts",
  options: {
    xdg: {
      enable: mkOption({ type: types.bool, default: false, description: "Whether to export the XDG base directories as session variables." }),
      configHome: dir("The XDG configuration directory.", ".config", config),
      dataHome: dir("The XDG data directory.", ".local/share", config),
      cacheHome: dir("The XDG cache directory.", ".cache", config),
      stateHome: dir("The XDG state directory.", ".local/state", config),
    },
  },
  config: {
    home: {
      // Each xdg file option is home.file with the base directory in front of the target.
      file: lib.mkMerge(
        (["configFile", "dataFile", "cacheFile", "stateFile"] as const).map((opt) =>
          lib.lazy(() => Object.fromEntries(Object.entries(config.xdg[opt] as Record<string, FileConfig>).map(([name, f]) => [`xdg-${opt}:${name}`, asHomeFile(f)]))),
        ),
      ),
      sessionVariables: mkIf(() => config.xdg.enable, {
        XDG_CACHE_HOME: lib.lazy(() => config.xdg.cacheHome),
        XDG_CONFIG_HOME: lib.lazy(() => config.xdg.configHome),
        XDG_DATA_HOME: lib.lazy(() => config.xdg.dataHome),
        XDG_STATE_HOME: lib.lazy(() => config.xdg.stateHome),
      }),
    },
  },
});
