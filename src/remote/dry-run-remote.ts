/**
 * `--dry-run` on a target that lacks some of the generation's store
 * paths, writing nothing there: the paths it lacks are streamed (a local
 * `tar -c`, as copy-paths.ts) into a private mount namespace on the
 * target (`unshare -m`), unpacked into a tmpfs there, and laid over the
 * store's directory with an overlay only that namespace sees; the
 * generation's own engine then runs its dry run inside it, observing the
 * target's real /etc, users, state and units and printing the very plan
 * `switch` would apply. When the engine exits the namespace is gone, and
 * the tmpfs with it: the target's disks, its store and its mounts are as
 * before. Mounting needs root there (login as root, or --sudo).
 * Before the archive, stdin carries sudo's password line (when sudo asks
 * for one); after it, a line saying the local tar succeeded, without
 * which the engine is not run.
 */
import { UserError } from "../diagnostics/user-error.ts";
import { closureOf, treeBytes } from "./closure.ts";
import { tarCommand } from "./copy-paths.ts";
import { missingPaths } from "./missing-paths.ts";
import { sizeText } from "./push-closure.ts";
import { privileged, remoteScript, remoteStore, sshCommand, type Privilege, type RemoteSession } from "./remote-session.ts";
import { runRemote, type RemoteOutput } from "./run-remote.ts";
import { SSH_FAILED } from "./ssh-error.ts";
import { targetName } from "./target.ts";

/* $1: PRIVATE_DRY_RUN_SCRIPT; the rest its arguments. Refuses without root, else runs it in a mount namespace of its own. */
export const UNSHARE_SCRIPT = `set -u
fail() { echo "$1; nothing was written there" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "a dry run of store paths the target lacks needs root there, to show them to the engine in a private mount: log in as root, or add --sudo"
command -v unshare >/dev/null 2>&1 || fail "the target has no unshare (util-linux), which keeps the dry run's mounts private"
exec unshare -m --propagation private sh -c "$@"
`;

/*
 * Run in a private mount namespace. $1: the store; the rest: the
 * engine's command line. The overlay goes on the store's nearest existing
 * directory; the tmpfs on a directory neither inside nor around it.
 */
export const PRIVATE_DRY_RUN_SCRIPT = `set -u
umask 022
store=$1
shift
fail() { echo "$1; nothing was written there" >&2; exit 1; }
a=$store
while [ -n "$a" ] && [ ! -d "$a" ]; do a=\${a%/*}; done
[ -n "$a" ] || fail "no directory on the way to $store exists"
rel=\${store#"$a"}
m=
for d in /tmp /var/tmp /mnt /media /opt; do
  [ -d "$d" ] && [ ! -L "$d" ] || continue
  case "$a/" in "$d"/*) continue ;; esac
  case "$d/" in "$a"/*) continue ;; esac
  m=$d
  break
done
[ -n "$m" ] || fail "no directory to mount a private tmpfs on"
mount -t tmpfs -o mode=0700 system-manager-dry-run "$m" || fail "cannot mount a private tmpfs on $m"
mkdir -p "$m/u$rel" "$m/w" || fail "cannot make directories in the private tmpfs"
tar -x -p --no-same-owner -f - -C "$m/u$rel" || fail "the archive did not arrive whole"
IFS= read -r sent || sent=
[ "$sent" = whole ] || fail "the sender's tar failed"
mount -t overlay system-manager-dry-run -o "lowerdir=$a,upperdir=$m/u,workdir=$m/w" "$a" || fail "cannot lay the store paths over $a in a private overlay"
"$@" </dev/null
`;

/** Runs `engineArgv` (a dry run) on the target with the store paths `missing` visible only to it; resolves with its exit status. */
export async function dryRunRemote(s: RemoteSession, privilege: Privilege, localRoot: string, missing: readonly string[], engineArgv: readonly string[], out: RemoteOutput): Promise<number> {
  const host = targetName(s.target);
  out.stderr(`${host}: a dry run writes nothing there: the ${missing.length} store path${missing.length === 1 ? "" : "s"} it lacks (${sizeText(treeBytes(localRoot, missing))}) ${missing.length === 1 ? "is" : "are"} shown to the engine in a private memory overlay, gone when it exits\n`);
  const script = remoteScript(UNSHARE_SCRIPT, [PRIVATE_DRY_RUN_SCRIPT, "sh", remoteStore(s), ...engineArgv]);
  const { argv, input } = privileged(s, privilege, script);
  const list = missing.map((n) => `${n}\n`).join("");
  const r = await s.runner({ argv: sshCommand(s, argv), input, from: { argv: tarCommand(localRoot), input: list, trailer: "whole\n" }, onStdout: out.stdout, onStderr: out.stderr });
  if (r.code === SSH_FAILED) throw new UserError(`ssh to ${host} failed (exit status 255) during the dry run there${r.stderr.trim() === "" ? "" : `: ${r.stderr.trim().split("\n").pop() ?? ""}`}`);
  if (r.producer !== undefined && r.producer.code !== 0) throw new UserError(`Cannot show the store paths to ${host}'s dry run: the local tar failed (exit status ${r.producer.code}): ${r.producer.stderr.trim()}`);
  return r.code;
}

/**
 * The dry run of `engineArgv` on the target for the closure of `storePath`
 * (in the store under `localRoot`): one read-only probe of what the target
 * lacks, then the engine run as it is there when it lacks nothing, else in
 * the private overlay.
 */
export async function dryRunOnTarget(s: RemoteSession, localRoot: string, storePath: string, engineArgv: readonly string[], out: RemoteOutput): Promise<number> {
  const { missing, privilege } = await missingPaths(s, closureOf(localRoot, storePath));
  if (missing.length === 0) return runRemote(s, privilege, engineArgv, out);
  return dryRunRemote(s, privilege, localRoot, missing, engineArgv, out);
}
