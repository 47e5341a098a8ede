/**
 * NixOS's assertions on users and groups, plus the checks NixOS lacks:
 * names "." and "..", all-digit names, and names over 31 characters are
 * refused. Each assertion carries `loc`, the option path it is about, so
 * the build can show where that path was defined.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { showOption } from "../../module-system/option-path.ts";

interface User {
  enable: boolean;
  name: string;
  uid: number | null;
  isNormalUser: boolean;
  isSystemUser: boolean;
  group: string;
  hashedPassword: string | null;
}
interface Group {
  name: string;
  gid: number | null;
}
interface Cfg {
  users: { users: Record<string, User>; groups: Record<string, Group>; enforceIdUniqueness: boolean };
}
export interface Assertion {
  assertion: boolean;
  message: string;
  loc?: string[];
}

export const NAME_REGEX = "[a-zA-Z0-9_.][a-zA-Z0-9_.-]*";
const nameRe = new RegExp(`^${NAME_REGEX}$`);

/** Why `name` cannot name an account or group, or undefined when it can. */
export function invalidName(kind: "username" | "group name", name: string): string | undefined {
  const label = kind === "username" ? "Username" : "Group name";
  if (name.length > 31) return `${label} '${name}' is longer than 31 characters which is not allowed!`;
  if (!nameRe.test(name) || name === "." || name === ".." || /^[0-9]+$/.test(name)) {
    return `The ${kind} "${name}" is not valid, it does not match the regex "${NAME_REGEX}" (and is not ".", ".." or all digits).`;
  }
  return undefined;
}

function userAssertions(key: string, u: User): Assertion[] {
  const p = showOption(["users", "users", key]);
  const loc = ["users", "users", key];
  const out: Assertion[] = [];
  const bad = invalidName("username", u.name);
  if (bad !== undefined) out.push({ assertion: false, message: bad, loc });
  const effectivelySystem = u.isSystemUser || (u.uid !== null && u.uid < 1000 && !u.isNormalUser);
  out.push(
    {
      assertion: u.hashedPassword === null || !u.hashedPassword.includes(":"),
      message: `The password hash of user "${u.name}" contains a ":" character. This is invalid and would break the login system because the fields of /etc/shadow (file where hashes are stored) are colon-separated. Please check the value of option \`${p}.hashedPassword\`.`,
      loc: [...loc, "hashedPassword"],
    },
    {
      assertion: !(u.isNormalUser && u.uid !== null && u.uid < 1000),
      message: `A user cannot have a ${p}.uid set below 1000 and set ${p}.isNormalUser. Either ${p}.isSystemUser must be set to true instead of ${p}.isNormalUser or ${p}.uid must be changed to 1000 or above.`,
      loc: [...loc, "uid"],
    },
    {
      assertion: effectivelySystem !== u.isNormalUser,
      message: `Exactly one of ${p}.isSystemUser and ${p}.isNormalUser must be set.`,
      loc,
    },
    {
      assertion: u.group !== "",
      message: `${p}.group is unset. This used to default to nogroup, but this is unsafe. For example you can create a group for this user with:\n${p}.group = "${key}";\nusers.groups.${key} = {};`,
      loc,
    },
  );
  return out;
}

/** Ids given to more than one entry: [id, attribute names]. */
function duplicates(entries: [string, number | null][]): [number, string[]][] {
  const byId = new Map<number, string[]>();
  for (const [key, id] of entries) if (id !== null) byId.set(id, [...(byId.get(id) ?? []), key]);
  return [...byId].filter(([, keys]) => keys.length > 1);
}

export function usersAssertions(cfg: Cfg): Assertion[] {
  const users = Object.entries(cfg.users.users).filter(([, u]) => u.enable);
  const groups = Object.entries(cfg.users.groups);
  const out = users.flatMap(([k, u]) => userAssertions(k, u));
  for (const [k, g] of groups) {
    const bad = invalidName("group name", g.name);
    if (bad !== undefined) out.push({ assertion: false, message: bad, loc: ["users", "groups", k] });
  }
  const groupNames = new Set(groups.map(([, g]) => g.name));
  const undefinedGroup = users.filter(([, u]) => u.group !== "" && !groupNames.has(u.group));
  if (undefinedGroup.length > 0) {
    const first = undefinedGroup[0] as [string, User];
    out.push({
      assertion: false,
      message:
        `The following users have a primary group that is undefined: ${undefinedGroup.map(([, u]) => u.name).join(" ")}\n` +
        `Hint: Add this to your NixOS configuration:\n` +
        [...new Set(undefinedGroup.map(([, u]) => u.group))].map((g) => `  users.groups.${g} = {};`).join("\n"),
      loc: ["users", "users", first[0], "group"],
    });
  }
  if (cfg.users.enforceIdUniqueness) {
    const uids = duplicates(users.map(([k, u]) => [k, u.uid]));
    const gids = duplicates(groups.map(([k, g]) => [k, g.gid]));
    const show = (kind: string, [id, keys]: [number, string[]]) => `\n  Duplicate ${kind} ${id} (${keys.join(", ")})`;
    if (uids.length + gids.length > 0) {
      const [, firstKeys] = (uids[0] ?? gids[0]) as [number, string[]];
      out.push({
        assertion: false,
        message: "UIDs and GIDs must be unique!" + uids.map((d) => show("uid", d)).join("") + gids.map((d) => show("gid", d)).join(""),
        loc: uids.length > 0 ? ["users", "users", firstKeys[1] as string, "uid"] : ["users", "groups", firstKeys[1] as string, "gid"],
      });
    }
  }
  return out;
}

export const usersAssertionsModule = ({ config }: { config: Cfg }) => ({
  _file: "system-manager/modules/users-assertions.ts",
  config: { assertions: lib.lazy(() => usersAssertions(config)) },
});
