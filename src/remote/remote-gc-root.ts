/**
 * A temporary GC root on the target for a deployment's closure, between
 * the copy and the activation: the copy's own ssh session (copy-paths.ts)
 * registers every path of the closure, those it brings and those the
 * target had, in the store's temporary-roots directory
 * (../store/temp-roots.ts: `temproots/<pid>.<start time>`, kept by gc
 * while that process lives), before it relies on any of them. The
 * process named is the target's sshd process of the deployment's shared
 * connection (ssh-master.ts), which lives until the deployment closes it:
 * so the root holds across the separate ssh sessions of the copy and the
 * engine (a fleet's host, whose connection may end while it waits its
 * turn, is held again right before its activation: push-closure.ts's
 * holdClosure). After the activation, success or failure, `releaseGcRoot`
 * removes the file. After a crash here the connection ends (at once, or
 * when its master's ControlPersist runs out), its sshd process is gone,
 * and the file is stale: the target's `gc` removes it as it removes the
 * root files of any dead process, and so does the next copy to that
 * store. As temp-roots.ts, the names are written before a running gc is
 * waited out, and the paths the probe found are checked again after.
 */
import { posix } from "node:path";
import { TEMP_ROOTS } from "../store/temp-roots.ts";
import { privileged, sshCommand, type Privilege, type RemoteSession } from "./remote-session.ts";
import { sshError } from "./ssh-error.ts";

/** The temporary-roots directory on the target, beside its store. */
export function remoteTempRoots(s: RemoteSession): string {
  return `${s.root === "/" ? "" : s.root}${TEMP_ROOTS}`;
}

/*
 * Shell functions for the copy's script. `start_of PID`: the process's
 * start time (field 22 of /proc/PID/stat), empty when it is gone.
 * `connection_owner`: the nearest sshd ancestor as `<pid>.<start>`.
 * `add_gc_root DIR`: registers the names on stdin up to an empty line under
 * that owner, removes the files of dead owners, waits out a running gc,
 * and prints `root FILE`; refuses a directory others may write.
 */
export const GC_ROOT_FUNCTIONS = `start_of() {
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  set -- \${s##*) }
  case $1 in Z|X) return 0 ;; esac
  printf '%s\\n' "\${20}"
}
connection_owner() {
  p=$$
  while [ "$p" -gt 1 ] 2>/dev/null; do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || return 0
    c=\${s#*(}
    c=\${c%)*}
    set -- \${s##*) }
    if [ "$c" = sshd ] || [ "$c" = sshd-session ]; then printf '%s.%s\\n' "$p" "\${20}"; return 0; fi
    p=$2
  done
}
add_gc_root() {
  d=$1
  names=
  while IFS= read -r n && [ -n "$n" ]; do names="$names$n
"; done
  owner=$(connection_owner)
  [ -n "$owner" ] || { echo "no-gc-root: no sshd process of this connection was found" >&2; return 0; }
  mkdir -p "$d" || return 1
  [ -d "$d" ] && [ ! -L "$d" ] || { echo "$d is not a directory" >&2; return 1; }
  set -- $(stat -c '%u %a' "$d")
  if [ "$1" != 0 ] && [ "$1" != "$(id -u)" ]; then echo "$d is owned by uid $1: only root or $(id -un) may write it" >&2; return 1; fi
  case $2 in *[2367]? | *[2367]) echo "$d may be written by others (mode $2)" >&2; return 1 ;; esac
  for f in "$d"/*.*; do
    o=\${f##*/}
    case $o in *[!0-9.]* | .* | *. ) continue ;; esac
    [ "$(start_of "\${o%%.*}")" = "\${o#*.}" ] || rm -f "$f"
  done
  printf '%s' "$names" >> "$d/$owner" || return 1
  held=$(cat "$d/gc.lock" 2>/dev/null)
  while [ -n "$held" ] && [ "$(cat "$d/gc.lock" 2>/dev/null)" = "$held" ]; do
    h=\${held%% *}
    [ "$(start_of "\${h%%.*}")" = "\${h#*.}" ] || break
    sleep 0.1
  done
  echo "root $d/$owner"
}
`;

const ROOT_FILE = /^root (\/\S+\/[0-9]+\.[0-9]+)$/m;

/** The root file the copy's script registered, from what it printed (none when it found no sshd process). */
export function gcRootOf(s: RemoteSession, stdout: string): string | undefined {
  const file = ROOT_FILE.exec(stdout)?.[1];
  return file !== undefined && posix.dirname(file) === remoteTempRoots(s) ? file : undefined;
}

/** Removes the root file `file` on the target (after the activation). */
export async function releaseGcRoot(s: RemoteSession, privilege: Privilege, file: string): Promise<void> {
  const { argv, input } = privileged(s, privilege, ["rm", "-f", "--", file]);
  const out = await s.runner({ argv: sshCommand(s, argv), input });
  if (out.code !== 0) throw sshError(s.target, out, `remove the deployment's temporary GC root ${file}`);
}
