/**
 * `systemd.tmpfiles.rules` and `systemd.tmpfiles.settings`: tmpfiles.d
 * lines, written to /etc/tmpfiles.d/00-system-manager.conf and
 * /etc/tmpfiles.d/<name>.conf. Activation runs systemd-tmpfiles on these
 * files only (never the distribution's). No file for no rules.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { renderTmpfilesRules, renderTmpfilesSettings, type TmpfilesEntry } from "./tmpfiles-conf.ts";

const { mkOption, mkIf, types } = lib;

const dash = (description: string, example: string) => mkOption({ type: types.str, default: "-", example, description });

const entryModule = ({ name }: { name: string }) => ({
  options: {
    type: mkOption({ type: types.str, default: name, example: "d", description: "The type of operation (a letter and modifiers, see tmpfiles.d(5)); defaults to the attribute name." }),
    mode: dash("The access mode of the file or directory.", "0755"),
    user: dash("The owner (a name or a numeric ID).", "root"),
    group: dash("The group (a name or a numeric ID).", "root"),
    age: dash("The age after which the file is cleaned up.", "10d"),
    argument: mkOption({ type: types.str, default: "", description: "The argument, whose meaning depends on the type." }),
  },
});

type Settings = Record<string, Record<string, Record<string, TmpfilesEntry>>>;
interface Cfg {
  systemd: { tmpfiles: { rules: string[]; settings: Settings } };
}

function settingsFiles(settings: Settings): Record<string, unknown> {
  const etc: Record<string, unknown> = {};
  for (const name of Object.keys(settings)) etc[`tmpfiles.d/${name}.conf`] = { text: renderTmpfilesSettings(settings[name] as Settings[string]) };
  return etc;
}

export const tmpfilesModule = ({ config }: { config: Cfg }) => ({
  _file: "system-manager/modules/systemd/tmpfiles.ts",
  options: {
    systemd: {
      tmpfiles: {
        rules: mkOption({ type: types.listOf(types.str), default: [], example: ["d /var/lib/foo 0755 root root -"], description: "tmpfiles.d(5) lines." }),
        settings: mkOption({
          type: types.attrsOf(types.attrsOf(types.attrsOf(types.submodule(entryModule)))),
          default: {},
          example: { "10-foo": { "/var/lib/foo": { d: { mode: "0755", user: "root" } } } },
          description: "tmpfiles.d rules by file name, path and type.",
        }),
      },
    },
  },
  config: {
    environment: {
      etc: lib.mkMerge([
        mkIf(() => config.systemd.tmpfiles.rules.length > 0, {
          "tmpfiles.d/00-system-manager.conf": { text: lib.lazy(() => renderTmpfilesRules(config.systemd.tmpfiles.rules)) },
        }),
        lib.lazy(() => settingsFiles(config.systemd.tmpfiles.settings)),
      ]),
    },
  },
});
