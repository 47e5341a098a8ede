/**
 * The groups every system-manager configuration declares, as its copy of
 * NixOS's users-groups.nix does: `users` (the primary group of normal
 * users), `wheel`, `sudo`, `nogroup` and the other usual system groups,
 * each gid a default (mkDefault) taken from Debian's and Ubuntu's own
 * numbering rather than NixOS's, so that on a Debian or Ubuntu host they
 * name the groups already there. A host's existing group keeps its own
 * gid, and a default gid another group holds is not forced (see
 * src/activate/users/default-gids.ts, which holds the numbers).
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { DEFAULT_GROUP_GIDS } from "../../activate/users/default-gids.ts";

const { mkDefault } = lib;

export const usersDefaultGroupsModule = ({ config }: { config: { ids: { gids: Record<string, number> } } }) => ({
  _file: "system-manager/modules/users-default-groups.ts",
  config: {
    users: {
      groups: {
        ...Object.fromEntries(Object.entries(DEFAULT_GROUP_GIDS).map(([name, gid]) => [name, { gid: mkDefault(gid) }])),
        // As system-manager: nixbld's gid is NixOS's (30000, the same number).
        nixbld: { gid: mkDefault(lib.lazy(() => config.ids.gids.nixbld)) },
      },
    },
  },
});
