/**
 * `environment.etc.<name>`: files under /etc, as a link into the
 * generation (mode "symlink") or a copy with an owner and octal mode.
 * `text` or `source` gives the content; `target` (default: the attribute
 * name) is relative to /etc and may not leave it. `validate` names a
 * command of the host that must accept the file before it is put in place.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { textStorePath } from "../../store/text-store-path.ts";
import { storeNameSafe } from "../../store/store-path.ts";

const { mkOption, types } = lib;

/** The store file a `text` entry becomes (NixOS's `writeText "etc-<basename>"`). */
export function etcTextName(target: string): string {
  return `etc-${storeNameSafe(target.split("/").pop() ?? "")}`;
}

const validateSubmodule = {
  options: {
    command: mkOption({
      type: types.listOf(types.str),
      example: ["/usr/sbin/visudo", "-c", "-f", "%s"],
      description: "The program (an absolute path on the target host) and its arguments; `%s` stands for the path of the file to check.",
    }),
    origins: mkOption({
      type: types.listOf(types.str),
      default: [],
      example: ["security.sudo.extraConfig"],
      description: "The options whose definitions make the file's content: named, with their definitions' files, when the command rejects it.",
    }),
  },
};

const etcSubmodule = ({ name, config }: { name: string; config: { uid: number; gid: number; target: string; text: string | null } }) => ({
  options: {
    enable: mkOption({ type: types.bool, default: true, description: "Whether this /etc file is generated." }),
    target: mkOption({ type: types.str, default: name, description: "Name of the file, relative to /etc (defaults to the attribute name)." }),
    text: mkOption({ type: types.nullOr(types.lines), default: null, description: "The content of the file." }),
    source: mkOption({ type: types.path, description: "Path of the source file (used when `text` is null)." }),
    mode: mkOption({
      type: types.str,
      default: "symlink",
      example: "0600",
      description: "\"symlink\" to link the file into the generation, or an octal mode such as \"0644\" to copy it with that mode.",
    }),
    uid: mkOption({ type: types.int, default: 0, description: "UID of a copied file." }),
    gid: mkOption({ type: types.int, default: 0, description: "GID of a copied file." }),
    user: mkOption({ type: types.str, default: lib.lazy(() => `+${config.uid}`), description: "User name of a copied file; overrides uid." }),
    group: mkOption({ type: types.str, default: lib.lazy(() => `+${config.gid}`), description: "Group name of a copied file; overrides gid." }),
    replaceExisting: mkOption({
      type: types.bool,
      default: false,
      description: "Whether an existing file at the target that system-manager does not manage is moved aside (to <target>.system-manager-backup) and replaced.",
    }),
    validate: mkOption({
      type: types.nullOr(types.submodule(validateSubmodule)),
      default: null,
      description:
        "A check the file must pass before it is put in place: at activation, before anything is written, the host's program is run on the generation's file; a non-zero exit stops the activation (and --dry-run) and changes nothing.",
    }),
  },
  // As NixOS: `text` becomes a store file, which is then the entry's source.
  config: {
    source: lib.mkIf(() => config.text !== null, lib.mkDefault(lib.lazy(() => textStorePath(etcTextName(config.target), config.text as string)))),
  },
});

export const etcModule = {
  _file: "system-manager/modules/etc.ts",
  options: {
    environment: {
      etc: mkOption({
        type: types.attrsOf(types.submodule(etcSubmodule)),
        default: {},
        example: { "issue.net": { text: "Welcome!\n" } },
        description: "Files to place under /etc.",
      }),
    },
  },
};
