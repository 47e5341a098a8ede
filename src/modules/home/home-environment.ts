/**
 * The core `home.*` options: who and where (username, homeDirectory, uid,
 * stateVersion), packages, session variables and search paths, shell
 * aliases, and the activation DAG.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export const STATE_VERSIONS = [
  "18.09", "19.03", "19.09", "20.03", "20.09", "21.03", "21.05", "21.11", "22.05", "22.11", "23.05", "23.11",
  "24.05", "24.11", "25.05", "25.11", "26.05", "26.11",
];

const scalar = types.nullOr(types.oneOf([types.str, types.path, types.int, types.float, types.bool]));
const dagEntry = types.submodule({
  options: {
    data: mkOption({ type: types.lines, description: "Shell commands of this step." }),
    after: mkOption({ type: types.listOf(types.str), default: [], description: "Steps this one runs after." }),
    before: mkOption({ type: types.listOf(types.str), default: [], description: "Steps this one runs before." }),
  },
});

export const homeEnvironmentModule = {
  _file: "home-manager/modules/home-environment.ts",
  options: {
    home: {
      username: mkOption({ type: types.str, description: "The user's name." }),
      homeDirectory: mkOption({ type: types.path, description: "The user's home directory (absolute)." }),
      uid: mkOption({ type: types.nullOr(types.ints.unsigned), default: null, description: "The user's uid, checked at activation when set." }),
      stateVersion: mkOption({ type: types.enum(STATE_VERSIONS), description: "The home-manager release whose defaults this configuration expects." }),
      packages: mkOption({ type: types.listOf(types.package), default: [], description: "Packages installed in the user's profile." }),
      sessionVariables: mkOption({ type: types.lazyAttrsOf(scalar), default: {}, example: { EDITOR: "vim" }, description: "Environment variables of the user's sessions." }),
      sessionPath: mkOption({ type: types.listOf(types.str), default: [], description: "Directories added in front of PATH." }),
      shellAliases: mkOption({ type: types.attrsOf(types.str), default: {}, description: "Aliases for every enabled shell." }),
      activation: mkOption({
        type: types.attrsOf(dagEntry),
        default: {},
        description: "Activation steps: shell snippets ordered by `after`/`before`; anything with side effects goes after `writeBoundary`.",
      }),
    },
  },
};
