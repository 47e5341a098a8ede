/**
 * `sops.templates.<name>` and `sops.placeholder`, as sops-nix's
 * templates module: a file rendered at activation into
 * /run/secrets/rendered/<name> from `content` (or `file`), where each
 * `config.sops.placeholder.<secret>` (a string that is not the secret)
 * is replaced by the secret's value; only the placeholders reach the
 * generation.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export interface Template {
  name: string;
  path: string;
  content: string;
  file: unknown;
  mode: string;
  owner: string | null;
  uid: number;
  group: string | null;
  gid: number;
  restartUnits: string[];
  reloadUnits: string[];
}

export const templateModule =
  (primaryGroup: (user: string) => string) =>
  ({ name, config }: { name: string; config: Template }) => ({
    options: {
      name: mkOption({ type: types.singleLineStr, default: name, description: "Name of the file used in /run/secrets/rendered" }),
      path: mkOption({ type: types.singleLineStr, default: lib.lazy(() => `/run/secrets/rendered/${config.name}`), description: "Path where the rendered file will be placed" }),
      content: mkOption({ type: types.lines, default: "", description: "Content of the file" }),
      file: mkOption({
        type: types.nullOr(types.path),
        default: null,
        example: "./configuration-template.conf",
        description: "File used as the template. When this value is specified, `sops.templates.<name>.content` is ignored.",
      }),
      mode: mkOption({ type: types.singleLineStr, default: "0400", description: "Permissions mode of the rendered secret file in octal." }),
      owner: mkOption({ type: types.nullOr(types.singleLineStr), default: null, description: "User of the file. Can only be set if uid is 0;" }),
      uid: mkOption({ type: types.nullOr(types.int), default: 0, description: "UID of the template, only applied with owner is null." }),
      group: mkOption({
        type: types.nullOr(types.singleLineStr),
        default: lib.lazy(() => (config.owner !== null ? primaryGroup(config.owner) : null)),
        defaultText: lib.literalExpression("config.users.users.${cfg.owner}.group"),
        description: "Group of the file. Can only be set if gid is 0.",
      }),
      gid: mkOption({ type: types.nullOr(types.int), default: 0, description: "GID of the template, only applied when group is null." }),
      restartUnits: mkOption({ type: types.listOf(types.str), default: [], example: ["sshd.service"], description: "Names of units that should be restarted when the rendered template changes." }),
      reloadUnits: mkOption({ type: types.listOf(types.str), default: [], example: ["sshd.service"], description: "Names of units that should be reloaded when the rendered template changes." }),
    },
  });

export const placeholderOption = mkOption({ type: types.attrsOf(types.str), default: {}, visible: false, description: "The placeholder of each secret in sops.templates' content." });
