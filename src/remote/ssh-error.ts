/**
 * What a failed ssh step tells the user: ssh's own exit status 255 means
 * ssh itself failed (the host unreachable, authentication or the host key
 * refused), and its words say which; another status is the remote
 * command's. Either way the host is named.
 */
import { UserError } from "../diagnostics/user-error.ts";
import type { Outcome } from "./runner.ts";
import { targetName, type Target } from "./target.ts";

/** ssh's exit status when it fails itself. */
export const SSH_FAILED = 255;

export function sshError(target: Target, outcome: Outcome, what: string): UserError {
  const said = outcome.stderr.trim();
  const host = targetName(target);
  if (outcome.code === SSH_FAILED) return new UserError(`Cannot reach ${host} over ssh to ${what}: ${said === "" ? "ssh failed (exit status 255) and said nothing" : said}\nNothing was changed on ${host}.`);
  return new UserError(`Cannot ${what} on ${host}: the command there failed (exit status ${outcome.code})${said === "" ? "" : `: ${said}`}`);
}
