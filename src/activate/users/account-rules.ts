/**
 * What may be written into the account files, shared by the evaluation-time
 * assertions (src/modules/system/users-assertions.ts) and the planner's
 * last check, so a hand-made manifest cannot pass either: names as NixOS's
 * regex, refusing ".", "..", all digits and more than 31 characters (as
 * shadow-utils and systemd do; no "," so a member list cannot grow);
 * no ":", newline or other control character in any text field; absolute
 * homes and shells; ids from 0 to 4294967294 except 65535, as useradd.
 */
import { isCleanAbsolute } from "../../store/file-name.ts";

export const NAME_REGEX = "[a-zA-Z0-9_.][a-zA-Z0-9_.-]*";
const nameRe = new RegExp(`^${NAME_REGEX}$`);

/** Why `name` cannot name an account or group, or undefined when it can. */
export function invalidName(kind: "username" | "group name", name: string): string | undefined {
  const label = kind === "username" ? "Username" : "Group name";
  if (name.length > 31) return `${label} '${name}' is longer than 31 characters which is not allowed!`;
  if (!nameRe.test(name) || name === "." || name === ".." || /^[0-9]+$/.test(name)) {
    return `The ${kind} ${JSON.stringify(name)} is not valid, it does not match the regex "${NAME_REGEX}" (and is not ".", ".." or all digits).`;
  }
  return undefined;
}

/** Why `value` cannot be written into a field of passwd, group, shadow or gshadow, or undefined. */
export function invalidText(value: string): string | undefined {
  if (value.includes(":")) return `it contains a ":", which separates the fields of the account files`;
  if (/[\n\r]/.test(value)) return "it contains a newline, which separates the entries of the account files";
  const cc = /[\0-\x1f\x7f]/.exec(value);
  if (cc !== null) return `it contains the control character ${JSON.stringify(cc[0])}`;
  return undefined;
}

/** Why `value` cannot be a home (useradd: "invalid home directory"), or undefined. */
export function invalidHome(value: string): string | undefined {
  const text = invalidText(value);
  if (text !== undefined) return text;
  if (!value.startsWith("/")) return "it is not an absolute path";
  // A home made or owned is the directory the path names: "/home/../etc" would be /etc.
  return isCleanAbsolute(value) ? undefined : 'it has an empty, "." or ".." component';
}

/** Why `value` cannot be a login shell (useradd: "invalid shell"), or undefined. */
export function invalidShell(value: string): string | undefined {
  return invalidText(value) ?? (value === "" || value.startsWith("/") ? undefined : "it is not an absolute path");
}

export const MAX_ID = 4294967294;

/** Why `id` cannot be a uid or gid (useradd/groupadd: "invalid user ID" / "invalid group ID"), or undefined. */
export function invalidId(id: unknown): string | undefined {
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > MAX_ID) return `it must be a whole number from 0 to ${MAX_ID}`;
  if (id === 65535) return "65535 is (uid_t) -1 of 16-bit programs, which useradd and groupadd refuse";
  return undefined;
}
