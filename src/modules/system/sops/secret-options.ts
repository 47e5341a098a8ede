/**
 * `sops.secrets.<name>`, with sops-nix's names, types and defaults: the
 * file in /run/secrets (`name`), the key in the sops file (`key`, ""
 * for the whole file), `path` (a link made to it when not the default),
 * `format`, `mode` (0400), `owner`/`uid`, `group`/`gid` (the owner's
 * primary group by default), `sopsFile` (sops.defaultSopsFile),
 * `restartUnits`/`reloadUnits` and `neededForUsers`.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

export interface Secret {
  name: string;
  key: string;
  path: string;
  format: "yaml" | "json" | "binary" | "dotenv" | "ini";
  mode: string;
  owner: string | null;
  uid: number;
  group: string | null;
  gid: number;
  sopsFile: unknown;
  sopsFileHash: string;
  restartUnits: string[];
  reloadUnits: string[];
  neededForUsers: boolean;
}

export interface SecretDefaults {
  defaultSopsFile: () => unknown;
  defaultSopsFormat: () => string;
  defaultSopsKey: () => string | null;
  validateSopsFiles: () => boolean;
  primaryGroup: (user: string) => string;
  fileHash: (file: unknown) => string;
}

export const secretModule =
  (d: SecretDefaults) =>
  ({ name, config }: { name: string; config: Secret }) => ({
    options: {
      name: mkOption({ type: types.str, default: name, description: "Name of the file used in /run/secrets" }),
      key: mkOption({
        type: types.str,
        default: lib.lazy(() => d.defaultSopsKey() ?? name),
        description: 'Key used to lookup in the sops file. Nested keys are separated by "/". This option is ignored if format is binary. "" means whole file.',
      }),
      path: mkOption({
        type: types.str,
        default: lib.lazy(() => (config.neededForUsers ? `/run/secrets-for-users/${config.name}` : `/run/secrets/${config.name}`)),
        defaultText: "/run/secrets-for-users/$name when neededForUsers is set, /run/secrets/$name when otherwise.",
        description: "Path where secrets are symlinked to. If the default is kept no symlink is created.",
      }),
      format: mkOption({
        type: types.enum(["yaml", "json", "binary", "dotenv", "ini"]),
        default: lib.lazy(() => d.defaultSopsFormat()),
        description: "File format used to decrypt the sops secret. Binary files are written to the target file as is.",
      }),
      mode: mkOption({ type: types.str, default: "0400", description: "Permissions mode of the in octal." }),
      owner: mkOption({ type: types.nullOr(types.str), default: null, description: "User of the file. Can only be set if uid is 0." }),
      uid: mkOption({ type: types.nullOr(types.int), default: 0, description: "UID of the file, only applied when owner is null. The UID will be applied even if the corresponding user doesn't exist." }),
      group: mkOption({
        type: types.nullOr(types.str),
        default: lib.lazy(() => (config.owner !== null ? d.primaryGroup(config.owner) : null)),
        defaultText: lib.literalMD("{option}`config.users.users.${owner}.group`"),
        description: "Group of the file. Can only be set if gid is 0.",
      }),
      gid: mkOption({ type: types.nullOr(types.int), default: 0, description: "GID of the file, only applied when group is null. The GID will be applied even if the corresponding group doesn't exist." }),
      sopsFile: mkOption({ type: types.path, defaultText: lib.literalExpression("${config.sops.defaultSopsFile}"), description: "Sops file the secret is loaded from." }),
      sopsFileHash: mkOption({ type: types.str, readOnly: true, description: "Hash of the sops file, useful in systemd.services.<name>.restartTriggers." }),
      restartUnits: mkOption({ type: types.listOf(types.str), default: [], example: ["sshd.service"], description: "Names of units that should be restarted when this secret changes." }),
      reloadUnits: mkOption({ type: types.listOf(types.str), default: [], example: ["sshd.service"], description: "Names of units that should be reloaded when this secret changes." }),
      neededForUsers: mkOption({
        type: types.bool,
        default: false,
        description: "Enabling this option causes the secret to be decrypted before users and groups are created. Setting this option moves the secret to /run/secrets-for-users and disallows setting owner and group to anything else than root.",
      }),
    },
    config: {
      sopsFile: lib.mkOptionDefault(lib.lazy(() => d.defaultSopsFile())),
      sopsFileHash: lib.mkOptionDefault(lib.lazy(() => (d.validateSopsFiles() ? d.fileHash(config.sopsFile) : ""))),
    },
  });
