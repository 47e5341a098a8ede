/**
 * `environment.*`: environment variables for login shells and systemd user
 * sessions, shell code for login shells (`extraInit`), and the system
 * packages profile. Writes
 * /etc/profile.d/system-manager-path.sh and
 * /etc/environment.d/10-system-manager.conf, as system-manager does.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { renderEnvironmentD, renderProfileScript } from "./environment-files.ts";

const { mkOption, types } = lib;

const scalar = types.oneOf([types.str, types.path, types.int]);
const variableType = types.attrsOf(types.nullOr(types.either(scalar, types.listOf(scalar))));

interface Env {
  environment: { variables: Record<string, unknown>; sessionVariables: Record<string, unknown>; pathsToLink: string[]; extraInit: string };
}

/** The paths the profile does not link (it links bin/ and share/ whole). */
export function unlinkedPaths(paths: readonly string[]): string[] {
  return [...new Set(paths)].filter((p) => !/^\/(bin|share|etc\/profile\.d)(\/|$)/.test(p));
}

export const environmentModule = ({ config }: { config: Env }) => ({
  _file: "system-manager/modules/environment.ts",
  options: {
    environment: {
      variables: mkOption({
        type: variableType,
        default: {},
        example: { EDITOR: "vim" },
        description: "Environment variables of login shells; lists are joined with \":\" and null removes a variable.",
      }),
      sessionVariables: mkOption({ type: variableType, default: {}, description: "Environment variables for every session (merged into `environment.variables`)." }),
      systemPackages: mkOption({ type: types.listOf(types.package), default: [], description: "Packages installed into /run/system-manager/sw for every user." }),
      extraInit: mkOption({
        type: types.lines,
        default: "",
        description: "Shell code run by login shells at the end of system-manager's profile script, after the variables are set (NixOS's environment.extraInit).",
      }),
      pathsToLink: mkOption({
        type: types.listOf(types.str),
        default: [],
        description: "Directories of packages linked into the system profile. system-manager links bin/ and share/ (and so every path below them); other paths are reported with a warning.",
      }),
    },
  },
  config: {
    warnings: lib.lazy(() =>
      unlinkedPaths(config.environment.pathsToLink).map((p) => `environment.pathsToLink: ${p} is not linked into /run/system-manager/sw; system-manager links each package's bin/, share/ and etc/profile.d/`),
    ),
    environment: {
      pathsToLink: ["/bin", "/share"],
      etc: {
        "profile.d/system-manager-path.sh": { text: lib.lazy(() => renderProfileScript(merged(config), config.environment.extraInit)) },
        "environment.d/10-system-manager.conf": { text: lib.lazy(() => renderEnvironmentD(merged(config))) },
      },
    },
  },
});

function merged(config: Env): Record<string, unknown> {
  return { ...config.environment.variables, ...config.environment.sessionVariables };
}
