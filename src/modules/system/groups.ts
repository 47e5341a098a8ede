/**
 * `users.groups.<name>`: `name`, `gid` and `members`. A group's members are
 * its explicit `members` plus every enabled user listing it in
 * `extraGroups` (as NixOS).
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

/** The declarations, one module every group shares, then each group's default name. */
const groupSubmodule = [
  {
    options: {
      name: mkOption({ type: types.str, defaultText: lib.literalExpression("name"), description: "The name of the group (defaults to the attribute name); checked by an assertion that names where it was defined." }),
      gid: mkOption({ type: types.nullOr(types.int), default: null, description: "The group's GID; null allocates one on activation." }),
      members: mkOption({ type: types.listOf(types.passwdEntry(types.str)), default: [], description: "The users who are members of this group." }),
    },
  },
  // The attribute name, as an option default (NixOS's `default = name`).
  ({ name }: { name: string }) => ({ config: { name: lib.mkOptionDefault(name) } }),
];

export const groupsModule = {
  _file: "system-manager/modules/groups.ts",
  options: {
    users: {
      groups: mkOption({ type: types.attrsOf(types.submodule(groupSubmodule)), default: {}, description: "The groups of the system." }),
    },
  },
};
