/**
 * Resolves each declared user's password options into the hash to write,
 * before planning (this is where hashing and reading password files
 * happen). Precedence as userborn: hashedPasswordFile, hashedPassword,
 * password; initialHashedPassword and initialPassword only for users being
 * created. A clear-text `password` whose current hash still matches keeps
 * that hash, so an unchanged password does not churn /etc/shadow.
 */
import { UserError, UserErrors } from "../../diagnostics/user-error.ts";
import type { UserEntry } from "../../build/manifest.ts";
import { findEntry, type AccountFile } from "./account-files.ts";

export interface Secrets {
  readonly hashes: ReadonlyMap<string, string>;
  readonly initialHashes: ReadonlyMap<string, string>;
}

export interface PasswordTools {
  readonly readFile: (path: string) => Buffer | undefined;
  readonly hash: (password: string) => string;
  readonly verify: (password: string, hash: string) => boolean;
}

const SAFE_HASH = /^[^:\n\r\0]*$/;

export function resolvePasswords(users: readonly UserEntry[], files: { passwd: AccountFile; shadow: AccountFile }, tools: PasswordTools): Secrets {
  const hashes = new Map<string, string>();
  const initialHashes = new Map<string, string>();
  const errors: UserError[] = [];
  for (const u of users) {
    const current = findEntry(files.shadow, u.name)?.[1];
    const exists = findEntry(files.passwd, u.name) !== undefined;
    if (u.hashedPasswordFile !== null) {
      const data = tools.readFile(u.hashedPasswordFile);
      if (data === undefined) {
        errors.push(new UserError(`Cannot read the hashedPasswordFile of user ${u.name}: ${u.hashedPasswordFile} does not exist`));
        continue;
      }
      const text = data.toString("utf8").trim();
      if (text === "" || !SAFE_HASH.test(text)) {
        errors.push(new UserError(`Cannot use the hashedPasswordFile of user ${u.name} (${u.hashedPasswordFile}): it must hold one password hash on one line, without ":"`));
        continue;
      }
      hashes.set(u.name, text);
    } else if (u.hashedPassword !== null) {
      if (!SAFE_HASH.test(u.hashedPassword)) errors.push(new UserError(`Cannot use the hashedPassword of user ${u.name}: it contains ":" or a newline`));
      else hashes.set(u.name, u.hashedPassword);
    } else if (u.password !== null) {
      // A declared password replaces a lock, as a declared hash does: keep the hash without its "!".
      const unlocked = current?.replace(/^!/, "");
      hashes.set(u.name, unlocked !== undefined && tools.verify(u.password, unlocked) ? unlocked : tools.hash(u.password));
    } else if (!exists) {
      if (u.initialHashedPassword !== null) {
        if (!SAFE_HASH.test(u.initialHashedPassword)) errors.push(new UserError(`Cannot use the initialHashedPassword of user ${u.name}: it contains ":" or a newline`));
        else initialHashes.set(u.name, u.initialHashedPassword);
      } else if (u.initialPassword !== null) {
        initialHashes.set(u.name, tools.hash(u.initialPassword));
      }
    }
  }
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new UserErrors(errors);
  return { hashes, initialHashes };
}
