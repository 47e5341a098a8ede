/**
 * `system.checks`, upstream's: packages built with the system as
 * validations (a test derivation that fails fails the build). The build
 * realises them with the rest of what the configuration names, and the
 * generation links each as checks/<n>-<name>, as upstream's toplevel does,
 * so they live as long as the generation.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export const systemChecksModule = {
  _file: "system-manager/modules/system-checks.ts",
  options: {
    system: {
      checks: mkOption({
        type: types.listOf(types.package),
        default: [],
        description: "Packages that are built as dependencies of the system's build for validation purposes.",
      }),
    },
  },
};
