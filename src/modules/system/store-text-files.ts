/**
 * `system-manager.textFiles`: text files system modules put in the store
 * (nginx.conf and the files it includes), written by the build with the
 * generation; a module names each one by textStorePath(name, text), which
 * gives the path the build writes. The system counterpart of home.textFiles.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export const storeTextFilesModule = {
  _file: "system-manager/modules/store-text-files.ts",
  options: {
    "system-manager": {
      textFiles: mkOption({
        type: types.listOf(types.submodule({ options: { name: mkOption({ type: types.str }), text: mkOption({ type: types.str }) } })),
        default: [],
        internal: true,
        description: "Files written to the store as they are ({ name, text }; names may repeat); modules refer to them with textStorePath(name, text).",
      }),
    },
  },
};
