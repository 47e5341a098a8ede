/**
 * `users.users.root` and `users.users.nobody`, declared as NixOS's and
 * system-manager's users-groups.nix declares them, so that a configuration
 * may set `users.users.root.openssh.authorizedKeys.keys` or read
 * `config.users.users.root.home` as it does there. The uids are plain
 * (ids.uids), every other field a default (mkDefault) a definition of the
 * configuration wins over. Both accounts exist on every host before us:
 * a field left at its default keeps the host's value (the planner's rule
 * for adopted accounts, src/activate/plan/users-plan.ts), so declaring
 * them changes nothing on disk.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkDefault } = lib;

interface Outer {
  ids: { uids: Record<string, number> };
  users: { defaultUserShell: unknown };
}

export const usersHostAccountsModule = ({ config }: { config: Outer }) => ({
  _file: "system-manager/modules/users-host-accounts.ts",
  config: {
    users: {
      users: {
        root: {
          uid: lib.lazy(() => config.ids.uids.root),
          description: mkDefault("System administrator"),
          home: mkDefault("/root"),
          shell: mkDefault(lib.lazy(() => config.users.defaultUserShell)),
          group: mkDefault("root"),
        },
        nobody: {
          uid: lib.lazy(() => config.ids.uids.nobody),
          isSystemUser: mkDefault(true),
          description: mkDefault("Unprivileged account (don't use!)"),
          group: mkDefault("nogroup"),
        },
      },
    },
  },
});
