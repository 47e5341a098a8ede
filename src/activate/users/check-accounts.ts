/**
 * The planner's checks before it plans anything about accounts, so that a
 * manifest made by hand (or by an older build) cannot write what the
 * evaluation-time assertions refuse: every name, text field and id of the
 * declared users and groups (see account-rules.ts), and no account we are
 * about to write whose line in an account file is malformed (shadow-utils'
 * pwck and grpck report such lines; we neither rewrite them nor add a
 * second entry beside them), nor a value the state file recorded for an
 * adopted account that could not be written back. Returns every problem.
 */
import { UserError } from "../../diagnostics/user-error.ts";
import type { GroupEntry, UserEntry } from "../../build/manifest.ts";
import { findMalformed, type AccountFile, type AccountFileName } from "./account-files.ts";
import { invalidHome, invalidId, invalidName, invalidShell, invalidText } from "./account-rules.ts";

/** pwck's and grpck's words for a line they cannot parse. */
const INVALID_ENTRY: Readonly<Record<AccountFileName, string>> = {
  passwd: "invalid password file entry",
  shadow: "invalid shadow password file entry",
  group: "invalid group file entry",
  gshadow: "invalid shadow group file entry",
};

export function checkEntries(users: readonly UserEntry[], groups: readonly GroupEntry[]): UserError[] {
  const errors: string[] = [];
  const at = (kind: "users" | "groups", name: string, field: string) => `users.${kind}.${/^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(name) ? name : JSON.stringify(name)}.${field}`;
  for (const u of users) {
    const bad = invalidName("username", u.name);
    if (bad !== undefined) errors.push(`Cannot write user ${JSON.stringify(u.name)}: ${bad}`);
    const checks: [string, string | null, (v: string) => string | undefined][] = [
      ["description", u.description, invalidText],
      ["home", u.home, invalidHome],
      ["shell", u.shell, invalidShell],
      ["hashedPassword", u.hashedPassword, invalidText],
      ["initialHashedPassword", u.initialHashedPassword, invalidText],
    ];
    for (const [field, value, check] of checks) {
      const why = value === null ? undefined : check(value);
      if (why !== undefined) errors.push(`Cannot write user ${u.name}: its ${field} (${at("users", u.name, field)} = ${JSON.stringify(value)}) is not valid: ${why}`);
    }
    const uid = u.uid === null ? undefined : invalidId(u.uid);
    if (uid !== undefined) errors.push(`Cannot write user ${u.name}: invalid user ID '${u.uid}' (${at("users", u.name, "uid")}): ${uid}`);
  }
  for (const g of groups) {
    const bad = invalidName("group name", g.name);
    if (bad !== undefined) errors.push(`Cannot write group ${JSON.stringify(g.name)}: ${bad}`);
    const gid = g.gid === null ? undefined : invalidId(g.gid);
    if (gid !== undefined) errors.push(`Cannot write group ${g.name}: invalid group ID '${g.gid}' (${at("groups", g.name, "gid")}): ${gid}`);
    for (const m of g.members) {
      const why = invalidName("username", m);
      if (why !== undefined) errors.push(`Cannot write group ${g.name}: its member ${JSON.stringify(m)} (${at("groups", g.name, "members")}) is not a user name: ${why}`);
    }
  }
  return errors.map((m) => new UserError(m));
}

const ADOPTED_FIELDS = new Set(["gid", "description", "home", "shell", "hash"]);

/** Errors for records of adopted accounts (from the state file) that are not field values we could write back. */
export function checkAdopted(adopted: Readonly<Record<string, unknown>> | undefined): UserError[] {
  const errors: UserError[] = [];
  for (const [name, record] of Object.entries(adopted ?? {})) {
    const entries = typeof record === "object" && record !== null && !Array.isArray(record) ? Object.entries(record) : [["", record] as const];
    for (const [field, value] of entries) {
      const why = !ADOPTED_FIELDS.has(field) ? "it is not a field system-manager records" : typeof value !== "string" ? "it is not a string" : invalidText(value);
      if (why !== undefined) errors.push(new UserError(`Cannot use the state file's record of user ${name} (adopted.${name}${field === "" ? "" : `.${field}`}): ${why}; the state file is damaged, restore it`));
    }
  }
  return errors;
}

/** Errors for accounts we would write whose line in `file` is malformed. */
export function checkMalformed(file: AccountFile | undefined, names: Iterable<string>, what: "user" | "group"): UserError[] {
  if (file === undefined) return [];
  const errors: UserError[] = [];
  for (const name of new Set(names)) {
    const bad = findMalformed(file, name);
    if (bad === undefined) continue;
    errors.push(
      new UserError(
        `Cannot write ${what} ${name}: /etc/${file.name} line ${bad.line} is an ${INVALID_ENTRY[file.name]} (${JSON.stringify(bad.text)}); ` +
          `correct or remove that line (${file.name === "passwd" || file.name === "shadow" ? "pwck" : "grpck"} -r lists such lines), then switch again`,
      ),
    );
  }
  return errors;
}
