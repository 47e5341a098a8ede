/**
 * Runs a command on the target over ssh, through sudo when the probe said
 * so (missing-paths.ts), its output streamed to ours as it comes; resolves
 * with its exit status. ssh failing itself (exit status 255: the
 * connection lost, authentication refused) is a user error naming the host.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { privileged, sshCommand, type Privilege, type RemoteSession } from "./remote-session.ts";
import { SSH_FAILED } from "./ssh-error.ts";
import { targetName } from "./target.ts";

export interface RemoteOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export async function runRemote(s: RemoteSession, privilege: Privilege, argv: readonly string[], out: RemoteOutput): Promise<number> {
  const p = privileged(s, privilege, argv);
  const r = await s.runner({ argv: sshCommand(s, p.argv), input: p.input, onStdout: out.stdout, onStderr: out.stderr });
  if (r.code === SSH_FAILED) throw new UserError(`ssh to ${targetName(s.target)} failed (exit status 255) while running ${argv[0] ?? ""} there${r.stderr.trim() === "" ? "" : `: ${r.stderr.trim().split("\n").pop() ?? ""}`}`);
  return r.code;
}
