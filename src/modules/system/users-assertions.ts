/**
 * NixOS's assertions on users and groups, plus the checks NixOS lacks
 * (the rules of src/activate/users/account-rules.ts, which the planner
 * applies again): names ".", "..", all digits or over 31 characters, group
 * members that are not user names ("eve,root"), control characters in
 * text fields, relative homes and shells, and uids/gids useradd refuses.
 * Each assertion carries `loc`, the option path it is about, so the build
 * can show where that path was defined. Only the assertions that fail are
 * listed (all `assertion = false`): a passing one changes nothing, and
 * 500 users would otherwise give `assertions` 2,000 more entries to merge,
 * convert and check. Each user's and group's fields are read once, from
 * the Nix set itself (field-reader.ts), in the order the checks ask for them.
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";
import { showOption } from "../../module-system/option-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { invalidHome, invalidId, invalidName, invalidShell, invalidText } from "../../activate/users/account-rules.ts";
import { fieldEntries, type FieldReader } from "../field-reader.ts";

export { invalidName } from "../../activate/users/account-rules.ts";

interface User {
  enable: boolean;
  name: string;
  uid: number | null;
  description?: string;
  home?: string;
  shell?: unknown;
  isNormalUser: boolean;
  isSystemUser: boolean;
  group: string;
  hashedPassword: string | null;
}
interface Group {
  name: string;
  gid: number | null;
  members?: string[];
}
interface Cfg {
  users: { users: Record<string, User>; groups: Record<string, Group>; enforceIdUniqueness: boolean };
}
export interface Assertion {
  assertion: boolean;
  message: string;
  loc?: string[];
}

/** A field's value, or undefined when it fails its own type check (reported by the build, after the assertions). */
function field(u: FieldReader<User>, name: "description" | "home" | "shell"): unknown {
  try {
    return u.get(name);
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
}

/** Assertions on the text fields written to /etc/passwd (description, home, shell). */
function fieldAssertions(p: string, loc: string[], u: FieldReader<User>): Assertion[] {
  const out: Assertion[] = [];
  const checks = [
    ["description", invalidText],
    ["home", invalidHome],
    ["shell", invalidShell],
  ] as const;
  for (const [name, check] of checks) {
    const value = field(u, name);
    const why = typeof value === "string" ? check(value) : undefined;
    if (why !== undefined) out.push({ assertion: false, message: `The value of \`${p}.${name}' (${JSON.stringify(value)}) cannot be written to /etc/passwd: ${why}.`, loc: [...loc, name] });
  }
  return out;
}

/** Where a user or group is declared (its option path and `loc`), and the assertions on its name and on its uid or gid. */
function declared(kind: "users" | "groups", key: string, name: string, id: number | null): { p: string; loc: string[]; out: Assertion[] } {
  const loc = ["users", kind, key];
  const p = showOption(loc);
  const out: Assertion[] = [];
  const bad = invalidName(kind === "users" ? "username" : "group name", name);
  if (bad !== undefined) out.push({ assertion: false, message: bad, loc });
  const [idField, what] = kind === "users" ? ["uid", "user"] : ["gid", "group"];
  const why = id === null ? undefined : invalidId(id);
  if (why !== undefined) out.push({ assertion: false, message: `The value of \`${p}.${idField}' is an invalid ${what} ID '${id}': ${why}.`, loc: [...loc, idField] });
  return { p, loc, out };
}

function groupAssertions(key: string, g: FieldReader<Group>): Assertion[] {
  const { p, loc, out } = declared("groups", key, g.get("name"), g.get("gid"));
  for (const m of g.get("members") ?? []) {
    const why = invalidName("username", m);
    if (why !== undefined) out.push({ assertion: false, message: `The member ${JSON.stringify(m)} of \`${p}.members' is not a user name: ${why}`, loc: [...loc, "members"] });
  }
  return out;
}

function userAssertions(key: string, u: FieldReader<User>): Assertion[] {
  const uid = (): number | null => u.get("uid");
  const { p, loc, out } = declared("users", key, u.get("name"), uid());
  out.push(...fieldAssertions(p, loc, u));
  const effectivelySystem = u.get("isSystemUser") || (uid() !== null && (uid() as number) < 1000 && !u.get("isNormalUser"));
  const hashedPassword = u.get("hashedPassword");
  if (hashedPassword !== null && hashedPassword.includes(":")) {
    out.push({
      assertion: false,
      message: `The password hash of user "${u.get("name")}" contains a ":" character. This is invalid and would break the login system because the fields of /etc/shadow (file where hashes are stored) are colon-separated. Please check the value of option \`${p}.hashedPassword\`.`,
      loc: [...loc, "hashedPassword"],
    });
  }
  if (u.get("isNormalUser") && uid() !== null && (uid() as number) < 1000) {
    out.push({
      assertion: false,
      message: `A user cannot have a ${p}.uid set below 1000 and set ${p}.isNormalUser. Either ${p}.isSystemUser must be set to true instead of ${p}.isNormalUser or ${p}.uid must be changed to 1000 or above.`,
      loc: [...loc, "uid"],
    });
  }
  if (effectivelySystem === u.get("isNormalUser")) out.push({ assertion: false, message: `Exactly one of ${p}.isSystemUser and ${p}.isNormalUser must be set.`, loc });
  if (u.get("group") === "") {
    out.push({
      assertion: false,
      message: `${p}.group is unset. This used to default to nogroup, but this is unsafe. For example you can create a group for this user with:\n${p}.group = "${key}";\nusers.groups.${key} = {};`,
      loc,
    });
  }
  return out;
}

/** Ids given to more than one entry: [id, attribute names]. */
function duplicates(entries: [string, number | null][]): [number, string[]][] {
  const byId = new Map<number, string[]>();
  for (const [key, id] of entries) if (id !== null) byId.set(id, [...(byId.get(id) ?? []), key]);
  return [...byId].filter(([, keys]) => keys.length > 1);
}

export function usersAssertions(cfg: Cfg): Assertion[] {
  const users = fieldEntries<User>(cfg.users.users).filter(([, u]) => u.get("enable"));
  const groups = fieldEntries<Group>(cfg.users.groups);
  const out = users.flatMap(([k, u]) => userAssertions(k, u));
  for (const [k, g] of groups) out.push(...groupAssertions(k, g));
  const groupNames = new Set(groups.map(([, g]) => g.get("name")));
  const undefinedGroup = users.filter(([, u]) => u.get("group") !== "" && !groupNames.has(u.get("group")));
  if (undefinedGroup.length > 0) {
    const first = undefinedGroup[0] as [string, FieldReader<User>];
    out.push({
      assertion: false,
      message:
        `The following users have a primary group that is undefined: ${undefinedGroup.map(([, u]) => u.get("name")).join(" ")}\n` +
        `Hint: Add this to your NixOS configuration:\n` +
        [...new Set(undefinedGroup.map(([, u]) => u.get("group")))].map((g) => `  users.groups.${g} = {};`).join("\n"),
      loc: ["users", "users", first[0], "group"],
    });
  }
  if (cfg.users.enforceIdUniqueness) {
    const uids = duplicates(users.map(([k, u]) => [k, u.get("uid")]));
    const gids = duplicates(groups.map(([k, g]) => [k, g.get("gid")]));
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
