/**
 * `systemd.mounts` and `systemd.automounts`: lists, as in NixOS, since
 * systemd names a mount unit after its mount point (`where`, escaped as
 * `systemd-escape --path` does: /var/lib/my-data → var-lib-my\x2ddata.mount).
 * `what`, `where`, `type` and `options` fill `[Mount]`'s What=, Where=,
 * Type= and Options=; `where` fills `[Automount]`'s Where=.
 */
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { escapeSystemdPath } from "../../../build/systemd/escape-path.ts";
import { commonUnitModule, T } from "./unit-options.ts";

const { mkOption, mkIf, types } = lib;

interface MountCfg {
  what: string;
  where: string;
  type: string;
  options: string;
}

const where = (example: string) => mkOption({ type: types.str, example, description: "Absolute path of the mount point; the unit's name is made from it." });

const mountModule = ({ config }: { config: MountCfg }) => ({
  options: {
    what: mkOption({ type: types.str, example: "/dev/sda1", description: "Absolute path of the device node, file or other resource to mount (`What=`)." }),
    where: where("/mnt"),
    type: mkOption({ type: types.str, default: "", example: "ext4", description: "File system type (`Type=`); empty leaves it to mount(8)." }),
    options: mkOption({ type: types.commas, default: "", example: "noatime", description: "Mount options (`Options=`), comma-separated." }),
    mountConfig: mkOption({ type: T.section, default: {}, example: { DirectoryMode: "0775" }, description: "Settings of the `[Mount]` section." }),
  },
  config: {
    name: lib.lazy(() => `${escapeSystemdPath(config.where)}.mount`),
    mountConfig: {
      What: lib.lazy(() => config.what),
      Where: lib.lazy(() => config.where),
      Type: mkIf(() => config.type !== "", lib.lazy(() => config.type)),
      Options: mkIf(() => config.options !== "", lib.lazy(() => config.options)),
    },
  },
});

const automountModule = ({ config }: { config: { where: string } }) => ({
  options: {
    where: where("/mnt"),
    automountConfig: mkOption({ type: T.section, default: {}, example: { DirectoryMode: "0775" }, description: "Settings of the `[Automount]` section." }),
  },
  config: {
    name: lib.lazy(() => `${escapeSystemdPath(config.where)}.automount`),
    automountConfig: { Where: lib.lazy(() => config.where) },
  },
});

export const mountsModule = {
  _file: "system-manager/modules/systemd/mounts.ts",
  options: {
    systemd: {
      mounts: mkOption({
        type: types.listOf(types.submodule([commonUnitModule, mountModule])),
        default: [],
        example: [{ what: "tmpfs", where: "/mnt/scratch", type: "tmpfs", options: "size=64M", wantedBy: ["multi-user.target"] }],
        description: "systemd mount units. A list rather than an attribute set: systemd derives each unit's name from its `where`.",
      }),
      automounts: mkOption({
        type: types.listOf(types.submodule([commonUnitModule, automountModule])),
        default: [],
        description: "systemd automount units. A list rather than an attribute set: systemd derives each unit's name from its `where`.",
      }),
    },
  },
};
