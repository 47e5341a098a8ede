/**
 * Which of NixOS's default groups (users-default-groups.ts: wheel, nixbld,
 * kvm, sgx, …) a generation creates on the host. Every configuration
 * declares them, as NixOS and system-manager do, so `config.users.groups
 * .wheel.gid` evaluates; but a Debian or Ubuntu host never asked for
 * NixOS's wheel or sgx, so a default group is put in the manifest only
 * when something refers to it: a user's primary or extra group, a unit's
 * User=, Group= or SupplementaryGroups=, an /etc file's, tmpfiles rule's
 * or wrapper's group, nix.conf's build-users-group, or a definition of the group in a module other than
 * the defaults (the user's own `users.groups.wheel = { };`, members, a
 * gid). Upstream system-manager hands every default group to userborn,
 * which creates them all.
 */
import type { EtcEntry, GroupEntry, UserEntry } from "./manifest.ts";
import type { UnitSpec } from "./systemd/unit-info.ts";
import { DEFAULT_GROUP_GIDS } from "../activate/users/default-gids.ts";
import { toJS } from "../nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../nix/value.ts";

/** The file the default groups are declared in (users-default-groups.ts's `_file`). */
export const DEFAULT_GROUPS_FILE = "system-manager/modules/users-default-groups.ts";

export interface GroupReferences {
  readonly users: readonly UserEntry[];
  readonly etc: readonly EtcEntry[];
  readonly units: Readonly<Record<string, UnitSpec>>;
  /** tmpfiles.d lines (rules and rendered settings), whose fifth field is a group. */
  readonly tmpfiles: readonly string[];
  /** Other group names the configuration uses (security.wrappers' groups). */
  readonly other: readonly string[];
  /** The files defining `users.groups.<name>` (definitionSites). */
  readonly definedIn: (name: string) => readonly string[];
}

const UNIT_GROUP_KEY = /^(User|Group|SupplementaryGroups)=(.*)$/;

/** The names `refs` refer to as groups (or as users, whose primary group a unit then takes). */
export function referencedGroupNames(refs: GroupReferences): Set<string> {
  const names = new Set<string>();
  for (const u of refs.users) {
    names.add(u.group);
    for (const g of u.extraGroups) names.add(g);
  }
  for (const e of refs.etc) names.add(e.group);
  for (const unit of Object.values(refs.units)) {
    for (const line of unit.text.split("\n")) {
      const m = UNIT_GROUP_KEY.exec(line.trim());
      if (m !== null) for (const word of (m[2] as string).split(/\s+/)) if (word !== "") names.add(word);
    }
  }
  for (const line of refs.tmpfiles) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 5 && !line.trim().startsWith("#")) names.add(fields[4] as string);
  }
  for (const g of refs.other) names.add(g);
  return names;
}

type Js = Record<string, any>;

/** `cfg`'s attribute at `path` as JS, or undefined where the path is missing. */
function at(cfg: NixAttrs, path: readonly string[]): Js | undefined {
  let v: unknown = cfg;
  for (const name of path) {
    if (!(v instanceof NixAttrs) || !v.has(name)) return undefined;
    v = force(v.lazy(name) as Lazy);
  }
  return toJS(v as Lazy) as Js;
}

/** The tmpfiles lines and the other group names (tmpfiles settings, security.wrappers) of a configuration. */
export function configGroupUses(cfg: NixAttrs): { tmpfiles: string[]; other: string[] } {
  const tmpfiles = [...((at(cfg, ["systemd", "tmpfiles", "rules"]) ?? []) as string[])];
  const other: string[] = [];
  for (const file of Object.values(at(cfg, ["systemd", "tmpfiles", "settings"]) ?? {})) {
    for (const path of Object.values(file as Js)) for (const entry of Object.values(path as Js)) other.push((entry as Js).group as string);
  }
  for (const w of Object.values(at(cfg, ["security", "wrappers"]) ?? {})) other.push((w as Js).group as string);
  // nix.conf's build-users-group names the group Nix builds as.
  if ((at(cfg, ["nix", "enable"]) as unknown) === true) other.push(at(cfg, ["nix", "settings", "build-users-group"]) as unknown as string);
  return { tmpfiles, other };
}

/** `groups` without the default groups nothing refers to and only the defaults define. */
export function usedGroups(groups: readonly GroupEntry[], refs: GroupReferences): GroupEntry[] {
  const referenced = referencedGroupNames(refs);
  return groups.filter((g) => {
    if (!Object.hasOwn(DEFAULT_GROUP_GIDS, g.name) || referenced.has(g.name) || g.members.length > 0) return true;
    return refs.definedIn(g.name).some((file) => file !== DEFAULT_GROUPS_FILE);
  });
}
