/**
 * One deployment's view of a target: the host (target.ts), the root on it
 * that is activated (its store is ROOT/var/lib/system-manager/store), how
 * commands run there (a Runner: ssh), and whether they need root through
 * sudo, with the password sudo asks for when given. `remoteCommand` makes
 * the one string ssh hands the target's login shell: every word quoted,
 * so nothing the user wrote is read by that shell.
 */
import { posix } from "node:path";
import { UserError } from "../diagnostics/user-error.ts";
import { STORE_DIR } from "../store/store-path.ts";
import type { Runner } from "./runner.ts";
import { sshArgs, type Target } from "./target.ts";

export interface RemoteSession {
  readonly target: Target;
  /** The root on the target: "/" or an absolute directory, normalised. */
  readonly root: string;
  readonly runner: Runner;
  /** Whether commands that write run through sudo on the target (--sudo), with this password (--ask-sudo-password). */
  readonly sudo: false | { readonly password?: string };
}

/**
 * How a writing command is run, as the target's probe found (missing-paths.ts):
 * as the login user ("none": root already, or no --sudo), `sudo -n`
 * ("no-password"), or `sudo -S` fed the password line first ("password").
 */
export type Privilege = "none" | "no-password" | "password";

export function remoteRoot(root: string): string {
  if (!root.startsWith("/")) throw new UserError(`Cannot use '${root}' as --root with --target-host: it must be an absolute path on the target`);
  const n = posix.normalize(root);
  return n.length > 1 ? n.replace(/\/+$/, "") : "/";
}

/** The store directory on the target. */
export function remoteStore(s: RemoteSession): string {
  return `${s.root === "/" ? "" : s.root}${STORE_DIR}`;
}

export function shQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line the target's shell runs: `argv`, each word quoted. */
export function remoteCommand(argv: readonly string[]): string {
  return argv.map(shQuote).join(" ");
}

/** `sh -c SCRIPT sh ARGS…`, as one remote command. */
export function remoteScript(script: string, args: readonly string[]): string[] {
  return ["sh", "-c", script, "sh", ...args];
}

/** What `argv` becomes with `privilege`, and the line sudo reads first on stdin. */
export function privileged(s: RemoteSession, privilege: Privilege, argv: readonly string[]): { argv: string[]; input: string } {
  if (privilege === "none") return { argv: [...argv], input: "" };
  if (privilege === "no-password") return { argv: ["sudo", "-n", "--", ...argv], input: "" };
  const password = s.sudo === false ? undefined : s.sudo.password;
  if (password === undefined) throw new Error("sudo with a password, but none was given");
  // -k: sudo asks even with credentials cached, so it reads exactly this one line and the rest of stdin is the command's.
  return { argv: ["sudo", "-S", "-k", "-p", "", "--", ...argv], input: `${password}\n` };
}

/** The local ssh command line running `argv` on the target. */
export function sshCommand(s: RemoteSession, argv: readonly string[]): string[] {
  return ["ssh", ...sshArgs(s.target), remoteCommand(argv)];
}
