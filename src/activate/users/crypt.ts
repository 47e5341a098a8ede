/**
 * Password hashing with the host's crypt(3) (libxcrypt), reached through
 * perl, which every Debian system has (perl-base is essential). yescrypt
 * with libxcrypt's default cost, as userborn; SHA-512 crypt where the libc
 * lacks yescrypt. The password travels on stdin, never on a command line.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { UserError } from "../../diagnostics/user-error.ts";

const SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function saltChars(n: number): string {
  return [...randomBytes(n)].map((b) => SALT_CHARS[b & 63]).join("");
}

/** crypt(password, setting): the hash, or undefined when the scheme is not supported. */
export function crypt(password: string, setting: string): string | undefined {
  const r = spawnSync("perl", ["-e", "local $/; my $p = <STDIN>; my $h = crypt($p, $ARGV[0]); print defined $h ? $h : ''", setting], {
    input: password,
    encoding: "utf8",
  });
  if (r.error !== undefined || r.status !== 0) {
    throw new UserError(`Cannot hash a password: running perl failed (${r.error?.message ?? r.stderr.trim()}); perl is needed to call crypt(3)`);
  }
  const h = r.stdout;
  return h === "" || h.startsWith("*") ? undefined : h;
}

/** A new hash of `password` with a fresh salt. */
export function hashPassword(password: string): string {
  // 22 characters carry yescrypt's 16 salt bytes; the last one holds only 2 bits.
  const yescryptSalt = saltChars(21) + (SALT_CHARS[(randomBytes(1)[0] as number) & 3] as string);
  const h = crypt(password, `$y$j9T$${yescryptSalt}`) ?? crypt(password, `$6$${saltChars(16)}`);
  if (h === undefined) throw new UserError("Cannot hash a password: this system's crypt(3) supports neither yescrypt nor SHA-512");
  return h;
}

/** Whether `hash` is the hash of `password` (re-hashing with the hash as setting). */
export function verifyPassword(password: string, hash: string): boolean {
  return hash.startsWith("$") && crypt(password, hash) === hash;
}
