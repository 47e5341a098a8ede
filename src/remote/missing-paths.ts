/**
 * The first step of a deployment, one ssh round trip: which of a
 * closure's store paths the target lacks (the names go on stdin, the
 * target answers with those not in its store: content-addressed names
 * make this a set difference), whether it has tar, and, with --sudo, how
 * sudo runs there (not at all as root; without a password; or with the
 * one given, which is checked here, before anything is written; without
 * sudo, whether the login can write the store). Nothing
 * on the target is changed.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { privileged, remoteScript, remoteStore, sshCommand, type Privilege, type RemoteSession } from "./remote-session.ts";
import { sshError } from "./ssh-error.ts";
import { targetName } from "./target.ts";

/* $1: the store; $2: "sudo" when asked for; $3: "1" when a password line comes first on stdin. */
export const PROBE_SCRIPT = `set -u
pw=
if [ "$3" = 1 ]; then IFS= read -r pw; fi
command -v tar >/dev/null 2>&1 || echo no-tar
if [ "$2" = sudo ]; then
  if [ "$(id -u)" = 0 ]; then echo privilege none
  elif ! command -v sudo >/dev/null 2>&1; then echo no-sudo
  elif sudo -n true 2>/dev/null; then echo privilege no-password
  elif [ "$3" != 1 ]; then echo sudo-needs-password
  elif printf '%s\\n' "$pw" | sudo -S -k -p '' true 2>/dev/null; then echo privilege password
  else echo sudo-refused
  fi
fi
lack=
while IFS= read -r n; do
  [ -e "$1/$n" ] || [ -L "$1/$n" ] || { echo "missing $n"; lack=1; }
done
if [ -n "$lack" ] && [ "$2" != sudo ]; then
  d=$1
  while [ ! -e "$d" ]; do d=\${d%/*}; d=\${d:-/}; done
  [ -w "$d" ] || echo "not-writable $(id -un)"
fi
echo end
`;

export interface Probed {
  /** The names the target's store lacks, in the order given. */
  readonly missing: readonly string[];
  readonly privilege: Privilege;
}

export async function missingPaths(s: RemoteSession, names: readonly string[]): Promise<Probed> {
  const password = s.sudo !== false && s.sudo.password !== undefined;
  const argv = sshCommand(s, remoteScript(PROBE_SCRIPT, [remoteStore(s), s.sudo === false ? "" : "sudo", password ? "1" : ""]));
  const input = `${password ? privileged(s, "password", []).input : ""}${names.map((n) => `${n}\n`).join("")}`;
  const out = await s.runner({ argv, input });
  const lines = out.stdout.split("\n");
  if (out.code !== 0 || !lines.includes("end")) throw sshError(s.target, out, "find which store paths it lacks");
  const host = targetName(s.target);
  const problems: string[] = [];
  if (lines.includes("no-tar")) problems.push(`${host} has no tar, which receives the store paths: install it there (apt-get install tar)`);
  if (lines.includes("no-sudo")) problems.push(`--sudo was given, but ${host} has no sudo: install it there, or log in as root`);
  if (lines.includes("sudo-needs-password")) problems.push(`sudo on ${host} asks for a password: add --ask-sudo-password, or log in as root`);
  if (lines.includes("sudo-refused")) problems.push(`sudo on ${host} refused the password given`);
  const login = lines.find((l) => l.startsWith("not-writable "))?.slice("not-writable ".length);
  if (login !== undefined) problems.push(`${login} cannot write ${remoteStore(s)} there: add --sudo, or log in as root`);
  if (problems.length > 0) throw new UserError(`Cannot deploy to ${host}:\n${problems.map((p) => `  ${p}`).join("\n")}\nNothing was changed on ${host}.`);
  const given = new Set(names);
  const lacking = new Set(lines.filter((l) => l.startsWith("missing ")).map((l) => l.slice("missing ".length)));
  const unknown = [...lacking].filter((n) => !given.has(n));
  if (unknown.length > 0) throw new UserError(`Cannot deploy to ${host}: it answered with store paths it was not asked about (${unknown.slice(0, 3).join(", ")})`);
  const privilege = (lines.find((l) => l.startsWith("privilege "))?.slice("privilege ".length) ?? "none") as Privilege;
  return { missing: names.filter((n) => lacking.has(n)), privilege };
}
