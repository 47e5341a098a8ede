/**
 * Accounts that existed before system-manager declared them ("adopted",
 * such as root): the first time we change one of their fields (primary
 * group, GECOS, home, shell, password hash) the value we found is
 * recorded in the state, and when the account leaves the configuration or
 * on deactivate exactly those fields are put back, as /etc backups are
 * restored. A field the configuration leaves to a default (the manifest's
 * `defaulted`: root's GECOS, a normal user's mkDefault home) keeps the
 * value the account had before us. An adopted account is never locked;
 * only accounts system-manager created are (users-plan.ts).
 */
import type { DefaultedField, UserEntry } from "../../build/manifest.ts";
import { findEntry, upsertEntry, type AccountFile } from "./account-files.ts";

export type AdoptedField = "gid" | "description" | "home" | "shell" | "hash";
/** The recorded values, as they were before we first changed each field. */
export type AdoptedUser = Readonly<Partial<Record<AdoptedField, string>>>;

const PASSWD_FIELDS = [["gid", 3], ["description", 4], ["home", 5], ["shell", 6]] as const;

/** Whether a declared user that exists on disk is one that existed before we declared it. */
export function isAdopted(state: { readonly users: readonly string[]; readonly locked: readonly string[]; readonly adopted?: Readonly<Record<string, AdoptedUser>> }, name: string): boolean {
  if (state.adopted?.[name] !== undefined) return true;
  // Declared before without a record: we created it (or an older state file, which did not tell; it is treated as ours).
  return !state.users.includes(name) && !state.locked.includes(name);
}

const PASSWD_INDEX: Readonly<Record<DefaultedField, readonly [Exclude<AdoptedField, "hash">, number]>> = {
  group: ["gid", 3],
  description: ["description", 4],
  home: ["home", 5],
  shell: ["shell", 6],
};

/**
 * The passwd line an adopted account gets: `configured` (the line the configuration asks for),
 * except that each field `u` leaves to a default has the value found before us (the recorded
 * one, when we changed it, else the one on disk).
 */
export function adoptedLine(u: Pick<UserEntry, "defaulted">, existing: readonly string[], record: AdoptedUser | undefined, configured: readonly string[]): string[] {
  const next = [...configured];
  for (const field of u.defaulted) {
    const [recorded, i] = PASSWD_INDEX[field];
    next[i] = record?.[recorded] ?? (existing[i] as string);
  }
  return next;
}

/**
 * `record` without the fields `u` leaves to defaults whose recorded value `line` has again: given
 * back, they are no longer ours, so a later change of the host's own (chsh) is left alone.
 */
export function forgetGivenBack(record: AdoptedUser, u: Pick<UserEntry, "defaulted">, line: readonly string[]): AdoptedUser {
  const out: Partial<Record<AdoptedField, string>> = { ...record };
  for (const field of u.defaulted) {
    const [recorded, i] = PASSWD_INDEX[field];
    if (out[recorded] === line[i]) delete out[recorded];
  }
  return out;
}

/** `record` plus the value found for each field that changes now and is not recorded yet. */
export function recordChanges(record: AdoptedUser, before: { passwd: readonly string[]; hash: string | undefined }, after: { passwd: readonly string[]; hash: string | undefined }): AdoptedUser {
  const out: Partial<Record<AdoptedField, string>> = { ...record };
  for (const [field, i] of PASSWD_FIELDS) {
    if (out[field] === undefined && before.passwd[i] !== after.passwd[i]) out[field] = before.passwd[i] as string;
  }
  if (out.hash === undefined && before.hash !== undefined && before.hash !== after.hash) out.hash = before.hash;
  return out;
}

/** The files with `name`'s recorded fields put back, and which fields that changed. */
export function restoreAdopted(files: { passwd: AccountFile; shadow: AccountFile }, name: string, record: AdoptedUser): { passwd: AccountFile; shadow: AccountFile; fields: AdoptedField[] } {
  let { passwd, shadow } = files;
  const fields: AdoptedField[] = [];
  const pw = findEntry(passwd, name);
  if (pw !== undefined) {
    const next = [...pw];
    for (const [field, i] of PASSWD_FIELDS) {
      const was = record[field];
      if (was !== undefined && next[i] !== was) {
        next[i] = was;
        fields.push(field);
      }
    }
    if (fields.length > 0) passwd = upsertEntry(passwd, next);
  }
  const sh = findEntry(shadow, name);
  if (sh !== undefined && record.hash !== undefined && sh[1] !== record.hash) {
    shadow = upsertEntry(shadow, [name, record.hash, ...sh.slice(2)]);
    fields.push("hash");
  }
  return { passwd, shadow, fields };
}
