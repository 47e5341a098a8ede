/**
 * Planning users and groups (pure), with userborn's mutable-mode semantics
 * made safe: declared groups are created or gain their members (members
 * already there are kept; only members we added are ever removed);
 * declared users are created or updated; users we created that are
 * dropped from the configuration are locked (a "!" before their hash),
 * never deleted, and leave the groups we put them in (a shell of the
 * system profile's given back as the host's: users/host-shell.ts); an account that
 * existed before we declared it gets back what we changed of it instead
 * (see users/adopted.ts), and keeps its own primary group, GECOS, home
 * and shell where the configuration gives only defaults for them (the
 * manifest's `defaulted`, so declaring root changes nothing of it). An
 * existing account's id is never
 * changed: a mismatch is an error before anything is written, except for
 * a default group's default gid, which gives way (users/default-gids.ts).
 * Every problem is collected and reported at once.
 */
import { UserError, UserErrors } from "../../diagnostics/user-error.ts";
import type { GroupEntry, UserEntry } from "../../build/manifest.ts";
import { findEntry, idOwner, upsertEntry, usedIds, type AccountFile } from "../users/account-files.ts";
import { allocateId } from "../users/allocate-id.ts";
import { isDefaultGid } from "../users/default-gids.ts";
import { checkAdopted, checkEntries, checkMalformed } from "../users/check-accounts.ts";
import { adoptedLine, forgetGivenBack, isAdopted, recordChanges, restoreAdopted, type AdoptedUser } from "../users/adopted.ts";
import { hostShellFor } from "../users/host-shell.ts";

export interface AccountFiles {
  readonly passwd: AccountFile;
  readonly group: AccountFile;
  readonly shadow: AccountFile;
  /** Absent when the host has no /etc/gshadow. */
  readonly gshadow: AccountFile | undefined;
}

export interface UsersState {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly memberships: Readonly<Record<string, readonly string[]>>;
  readonly locked: readonly string[];
  /** Declared users that existed before we declared them → what we changed of them, as it was. */
  readonly adopted: Readonly<Record<string, AdoptedUser>>;
}

export type AccountChange =
  | { readonly op: "create-group"; readonly name: string; readonly gid: number }
  | { readonly op: "update-group"; readonly name: string; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly op: "create-user"; readonly name: string; readonly uid: number; readonly gid: number; readonly home: string }
  | { readonly op: "update-user"; readonly name: string; readonly fields: readonly string[] }
  | { readonly op: "lock-user"; readonly name: string }
  | { readonly op: "unlock-user"; readonly name: string }
  | { readonly op: "sync-gshadow"; readonly name: string };

export interface UsersPlan {
  readonly changes: readonly AccountChange[];
  readonly files: AccountFiles;
  readonly state: UsersState;
  /** Resolved uid, gid and home of every declared user (an adopted account's own where the configuration leaves them to defaults). */
  readonly ids: ReadonlyMap<string, { readonly uid: number; readonly gid: number; readonly home: string }>;
}

export interface UsersInput {
  readonly files: AccountFiles;
  readonly users: readonly UserEntry[];
  readonly groups: readonly GroupEntry[];
  /** `adopted` is absent in a state file written before it was recorded. */
  readonly state: Omit<UsersState, "adopted"> & { readonly adopted?: UsersState["adopted"] };
  /** The password hash to set for a user, when its configuration gives one (resolved beforehand). */
  readonly hashes: ReadonlyMap<string, string>;
  /** Hashes for users being created from initialPassword/initialHashedPassword. */
  readonly initialHashes: ReadonlyMap<string, string>;
  /** Days since 1970-01-01, for new shadow entries. */
  readonly today: number;
  /** Whether a host path exists, links followed inside the root: the shell a locked account gets back (users/host-shell.ts). */
  readonly exists?: (path: string) => boolean;
}

export function planUsers(input: UsersInput): UsersPlan {
  const errors: UserError[] = [];
  const changes: AccountChange[] = [];
  let { passwd, group, shadow, gshadow } = input.files;
  const uids = usedIds(passwd);
  const gids = usedIds(group);
  for (const g of input.groups) if (g.gid !== null && findEntry(group, g.name) === undefined) gids.add(g.gid);
  for (const u of input.users) if (u.uid !== null && findEntry(passwd, u.name) === undefined) uids.add(u.uid);

  const userNames = [...input.users.map((u) => u.name), ...input.state.users];
  const groupNames = [...input.groups.map((g) => g.name), ...Object.keys(input.state.memberships)];
  errors.push(
    ...checkEntries(input.users, input.groups),
    ...checkAdopted(input.state.adopted),
    ...checkMalformed(passwd, userNames, "user"),
    ...checkMalformed(shadow, userNames, "user"),
    ...checkMalformed(group, groupNames, "group"),
    ...checkMalformed(gshadow, groupNames, "group"),
  );

  const memberships: Record<string, string[]> = {};
  const configuredMembers = new Map(input.groups.map((g) => [g.name, new Set(g.members)]));
  for (const g of input.groups) {
    const existing = findEntry(group, g.name);
    const ours = new Set(input.state.memberships[g.name] ?? []);
    if (existing === undefined) {
      const clash = g.gid === null ? undefined : idOwner(group, g.gid);
      if (clash !== undefined && clash !== g.name && !isDefaultGid(g.name, g.gid)) {
        errors.push(new UserError(`Cannot create group ${g.name} with gid ${g.gid}: gid ${g.gid} belongs to group ${clash}`));
        continue;
      }
      const gid = clash === undefined && g.gid !== null ? g.gid : allocateId(gids, false, `group ${g.name}`);
      group = upsertEntry(group, [g.name, "x", String(gid), [...g.members].join(",")]);
      memberships[g.name] = [...g.members];
      changes.push({ op: "create-group", name: g.name, gid });
      continue;
    }
    if (g.gid !== null && existing[2] !== String(g.gid) && !isDefaultGid(g.name, g.gid)) {
      errors.push(new UserError(`Cannot change the gid of existing group ${g.name} from ${existing[2]} to ${g.gid}: change users.groups.${g.name}.gid to ${existing[2]}, or remove the setting`));
      continue;
    }
    const before = (existing[3] ?? "").split(",").filter((m) => m !== "");
    const want = configuredMembers.get(g.name) as Set<string>;
    const removed = before.filter((m) => ours.has(m) && !want.has(m));
    const added = [...want].filter((m) => !before.includes(m));
    memberships[g.name] = [...want].filter((m) => ours.has(m) || added.includes(m));
    if (added.length + removed.length > 0) {
      const members = [...before.filter((m) => !removed.includes(m)), ...added].join(",");
      group = upsertEntry(group, [...existing.slice(0, 3), members]);
      changes.push({ op: "update-group", name: g.name, added, removed });
    }
  }

  const declared = new Set(input.users.map((u) => u.name));
  for (const [name, members] of Object.entries(input.state.memberships)) {
    if (configuredMembers.has(name)) continue;
    const existing = findEntry(group, name);
    if (existing === undefined) continue;
    const before = (existing[3] ?? "").split(",").filter((m) => m !== "");
    const removed = before.filter((m) => members.includes(m));
    if (removed.length === 0) continue;
    const kept = before.filter((m) => !removed.includes(m)).join(",");
    group = upsertEntry(group, [...existing.slice(0, 3), kept]);
    changes.push({ op: "update-group", name, added: [], removed });
  }

  const ids = new Map<string, { uid: number; gid: number; home: string }>();
  const locked = new Set(input.state.locked);
  const adopted: Record<string, AdoptedUser> = {};
  for (const u of input.users) {
    const primary = findEntry(group, u.group);
    if (primary === undefined) {
      errors.push(new UserError(`Cannot create user ${u.name}: its primary group ${u.group} does not exist`));
      continue;
    }
    const gid = Number(primary[2]);
    const existing = findEntry(passwd, u.name);
    if (existing === undefined) {
      const clash = u.uid === null ? undefined : idOwner(passwd, u.uid);
      if (clash !== undefined && clash !== u.name) {
        errors.push(new UserError(`Cannot create user ${u.name} with uid ${u.uid}: uid ${u.uid} belongs to user ${clash}`));
        continue;
      }
      const uid = u.uid ?? allocateId(uids, u.isNormalUser, `user ${u.name}`);
      passwd = upsertEntry(passwd, [u.name, "x", String(uid), String(gid), u.description, u.home, u.shell ?? "/usr/sbin/nologin"]);
      const hash = input.hashes.get(u.name) ?? input.initialHashes.get(u.name) ?? "!*";
      shadow = upsertEntry(shadow, [u.name, hash, String(input.today), "", "", "", "", "", ""]);
      ids.set(u.name, { uid, gid, home: u.home });
      locked.delete(u.name);
      changes.push({ op: "create-user", name: u.name, uid, gid, home: u.home });
      continue;
    }
    if (u.uid !== null && existing[2] !== String(u.uid)) {
      errors.push(new UserError(`Cannot change the uid of existing user ${u.name} from ${existing[2]} to ${u.uid}: change users.users.${u.name}.uid to ${existing[2]}, or remove the setting`));
      continue;
    }
    const adoptedUser = isAdopted(input.state, u.name);
    const configured = [u.name, existing[1] as string, existing[2] as string, String(gid), u.description, u.home, u.shell ?? (existing[6] as string)];
    const next = adoptedUser ? adoptedLine(u, existing, input.state.adopted?.[u.name], configured) : configured;
    ids.set(u.name, { uid: Number(existing[2]), gid: Number(next[3]), home: next[5] as string });
    const changed = ["gid", "description", "home", "shell"].filter((_, i) => next[i + 3] !== existing[i + 3]);
    if (changed.length > 0) {
      passwd = upsertEntry(passwd, next);
      changes.push({ op: "update-user", name: u.name, fields: changed });
    }
    const sh = findEntry(shadow, u.name);
    const hash = input.hashes.get(u.name);
    if (adoptedUser) {
      const hashAfter = hash ?? sh?.[1];
      adopted[u.name] = forgetGivenBack(recordChanges(input.state.adopted?.[u.name] ?? {}, { passwd: existing, hash: sh?.[1] }, { passwd: next, hash: hashAfter }), u, next);
    }
    let newHash = sh?.[1];
    if (hash !== undefined) newHash = hash;
    else if (locked.has(u.name) && newHash?.startsWith("!")) newHash = newHash.slice(1);
    if (sh === undefined) {
      shadow = upsertEntry(shadow, [u.name, newHash ?? "!*", String(input.today), "", "", "", "", "", ""]);
      changes.push({ op: "update-user", name: u.name, fields: ["shadow entry (missing)"] });
    } else if (newHash !== sh[1]) {
      shadow = upsertEntry(shadow, [u.name, newHash as string, ...sh.slice(2)]);
      if (hash === undefined) changes.push({ op: "unlock-user", name: u.name });
      else changes.push({ op: "update-user", name: u.name, fields: ["password"] });
    }
    locked.delete(u.name);
  }

  for (const name of new Set([...input.state.users, ...Object.keys(input.state.adopted ?? {})])) {
    if (declared.has(name)) continue;
    const record = input.state.adopted?.[name];
    if (record !== undefined) {
      const restored = restoreAdopted({ passwd, shadow }, name, record);
      ({ passwd, shadow } = restored);
      const fields = restored.fields.map((f) => (f === "hash" ? "password" : f));
      if (fields.length > 0) changes.push({ op: "update-user", name, fields: [`${fields.join(", ")} restored as found before system-manager (no longer in the configuration)`] });
      continue;
    }
    // uid 0 is never locked, even when an older state file counts it among the accounts we created.
    const pw = findEntry(passwd, name);
    if (pw?.[2] === "0") continue;
    const hostShell = pw === undefined || input.exists === undefined ? undefined : hostShellFor(pw[6] as string, input.exists);
    if (pw !== undefined && hostShell !== undefined) {
      passwd = upsertEntry(passwd, [...pw.slice(0, 6), hostShell]);
      changes.push({ op: "update-user", name, fields: [`shell ${hostShell} (the system profile's ${pw[6] as string} goes with the configuration)`] });
    }
    const sh = findEntry(shadow, name);
    if (sh === undefined || (sh[1] as string).startsWith("!")) continue;
    shadow = upsertEntry(shadow, [name, "!" + sh[1], ...sh.slice(2)]);
    locked.add(name);
    changes.push({ op: "lock-user", name });
  }

  // gshadow mirrors group for every group we touch, compared with what is on disk rather than
  // with what changed in this run, so a switch interrupted between the two files repairs it.
  if (gshadow !== undefined) {
    for (const name of new Set([...input.groups.map((g) => g.name), ...Object.keys(input.state.memberships)])) {
      const before: AccountFile = gshadow;
      gshadow = mirrorMembers(gshadow, group, name);
      if (gshadow !== before && !changes.some((c) => c.name === name && c.op.endsWith("group"))) changes.push({ op: "sync-gshadow", name });
    }
  }

  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);
  return {
    changes,
    files: { passwd, group, shadow, gshadow },
    state: { users: [...declared], groups: input.groups.map((g) => g.name), memberships, locked: [...locked], adopted },
    ids,
  };
}

/** The gshadow file with group `name`'s members as in the group file (unchanged when they already are). */
function mirrorMembers(gshadow: AccountFile, group: AccountFile, name: string): AccountFile {
  const g = findEntry(group, name);
  if (g === undefined) return gshadow;
  const members = g[3] ?? "";
  const e = findEntry(gshadow, name);
  if (e !== undefined && e[3] === members) return gshadow;
  return upsertEntry(gshadow, e === undefined ? [name, "!*", "", members] : [...e.slice(0, 3), members]);
}
