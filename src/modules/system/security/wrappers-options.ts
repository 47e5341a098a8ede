/**
 * The `security.wrappers.<name>` submodule and `security.*Wrapper*`
 * options, with NixOS's names, types and defaults (mount and umount,
 * which NixOS adds, are not: Debian's own are setuid root already).
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";

const { mkOption, types } = lib;

/** A symbolic or numeric mode as chmod(1) takes it (NixOS's fileModeType). */
const SYMBOLIC = "[ugoa]*([-+=]([rwxXst]*|[ugo]))+|[-+=][0-7]+";
const fileMode = types.strMatching(`((${SYMBOLIC})(,${SYMBOLIC})*)|([-+=]?[0-7]{0,4})`);

export interface Wrapper {
  enable: boolean;
  source: string;
  program: string | null;
  owner: string;
  group: string;
  permissions: string;
  capabilities: string;
  setuid: boolean;
  setgid: boolean;
}

const wrapperModule = ({ name }: { name: string }) => ({
  options: {
    enable: mkOption({ type: types.bool, default: true, description: "Whether to enable the wrapper." }),
    source: mkOption({
      type: types.path,
      description: "The absolute path to the program to be wrapped: an ELF executable that only root can change (it and every directory above it); its copy is the wrapper.",
    }),
    program: mkOption({ type: types.nullOr(types.str), default: name, description: "The name of the wrapper program. Defaults to the attribute name." }),
    owner: mkOption({ type: types.str, description: "The owner of the wrapper program." }),
    group: mkOption({ type: types.str, description: "The group of the wrapper program." }),
    permissions: mkOption({
      type: fileMode,
      default: "u+rx,g+x,o+x",
      example: "a+rx",
      description: "The permissions of the wrapper program, as a symbolic or numeric mode understood by chmod.",
    }),
    capabilities: mkOption({
      type: types.commas,
      default: "",
      example: "cap_net_raw+ep",
      description: "Capability clauses given to the wrapper program (cap_from_text(3)'s textual representation), set with the host's setcap (Debian's libcap2-bin).",
    }),
    setuid: mkOption({ type: types.bool, default: false, description: "Whether to add the setuid bit the wrapper program." }),
    setgid: mkOption({ type: types.bool, default: false, description: "Whether to add the setgid bit the wrapper program." }),
  },
});

export const wrappersOptions = {
  enableWrappers: mkOption({ type: types.bool, default: true, example: false, description: "Whether to enable SUID/SGID wrappers." }),
  wrappers: mkOption({
    type: types.attrsOf(types.submodule(wrapperModule)),
    default: {},
    example: { ping: { owner: "root", group: "root", capabilities: "cap_net_raw+ep", source: "/usr/bin/ping" } },
    description:
      "Programs given setuid/setgid bits, capabilities, an owner and permissions without changing them: a copy of each is made in security.wrapperDir, which comes first in login shells' PATH.",
  }),
  wrapperDirSize: mkOption({ type: types.strMatching("[0-9]+[kKmMgGtTpPeE%]?"), default: "50%", example: "10G", description: "Size limit for the /run/wrappers tmpfs (mount(8)'s tmpfs size option: bytes, with k, m or g, or a percentage of RAM)." }),
  wrapperDir: mkOption({
    type: types.path,
    default: "/run/wrappers/bin",
    internal: true,
    description: "The path to the wrapper programs. It should not be overridden: a tmpfs is mounted on its parent, which must be a directory of /run.",
  }),
};
