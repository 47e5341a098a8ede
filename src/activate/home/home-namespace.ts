/**
 * Running a --root tree's home activation as its user when a directory
 * above the home is private to root (a --root made by mkdtemp is 0700):
 * the user's child reaches the home through a descriptor, but its
 * activation scripts need a path ($HOME, their working directory). A
 * home-manager user expects $HOME to be a directory they can cd into, and
 * the host's name for it, `<root>/home/alice`, is the one that means
 * something outside the run; so, rather than refusing scripts or opening
 * the private directories, the child runs in a private mount namespace
 * (gone when it exits, invisible to everyone else) where a tmpfs (root's,
 * 0755) covers the topmost private directory and the home is bind-mounted
 * back at its own path, and so is the tree's store when the tmpfs hides it
 * (the child's scripts see the store at the store directory through a
 * namespace of their own, which can only bind a path it reaches:
 * home-activate.ts). The root-only part (unshare, mount) happens before
 * setpriv drops to the user's uid and gid with no supplementary groups, as
 * spawn's uid/gid do. If the namespace cannot be made (no util-linux, no
 * CAP_SYS_ADMIN in a container), the child still runs: the engine checks
 * the offered path against its descriptor and falls back to
 * /proc/<pid>/fd/3 (script-home.ts).
 */
import { existsSync, statSync, type Stats } from "node:fs";
import { posix } from "node:path";

export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
}

/** Run as root in the new namespace: $1 the private directory, $2 the home, $3 the store under it (or empty), $4 mount, $5 setpriv, $6 uid, $7 gid, then the command. */
const SCRIPT = [
  'top=$1 home=$2 store=$3 mount=$4 setpriv=$5 uid=$6 gid=$7; shift 7',
  // The home (and the store) are opened in this namespace (a bind mount's source must be a mount of it), before the tmpfs hides them.
  '(exec 5<"$home" 6<"${store:-/}" && "$mount" -t tmpfs -o mode=0755,nosuid,nodev,size=64k system-manager-home "$top" &&',
  '  mkdir -p "$home" && "$mount" -c --bind /proc/self/fd/5 "$home" &&',
  '  { [ -z "$store" ] || { mkdir -p "$store" && "$mount" -c --bind /proc/self/fd/6 "$store"; }; }) || echo "note: cannot make $home reachable in a private mount namespace" >&2',
  'exec "$setpriv" --reuid="$uid" --regid="$gid" --clear-groups -- "$@"',
].join("\n");

const TOOL_DIRS = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

/** The host's root-owned copy of a system tool, or undefined. */
export function tool(name: string): string | undefined {
  for (const dir of TOOL_DIRS) {
    const p = posix.join(dir, name);
    try {
      const st = statSync(p);
      if (st.isFile() && st.uid === 0 && (st.mode & 0o022) === 0) return p;
    } catch {
      continue;
    }
  }
  return undefined;
}

function searchable(st: Stats, uid: number, gid: number): boolean {
  if (st.uid === uid) return (st.mode & 0o100) !== 0;
  if (st.gid === gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/** The topmost directory above `home` (a real path) that `uid`/`gid` cannot search, or undefined when they reach it. */
export function privateAbove(home: string, uid: number, gid: number): string | undefined {
  const parts = home.split("/").filter((p) => p !== "");
  for (let i = 0; i < parts.length; i++) {
    const dir = "/" + parts.slice(0, i).join("/");
    if (!searchable(statSync(dir), uid, gid)) return dir;
  }
  return undefined;
}

/**
 * How to start `command args` as uid/gid with `home` (a real host path)
 * reachable at its own path, when a directory above it is private; undefined
 * when nothing is private, or when the host lacks the tools.
 */
export function launchInPrivateHome(home: string, uid: number, gid: number, command: string, args: readonly string[], store?: string): Launch | undefined {
  const top = privateAbove(home, uid, gid);
  const [unshare, mount, setpriv] = [tool("unshare"), tool("mount"), tool("setpriv")];
  if (top === undefined || unshare === undefined || mount === undefined || setpriv === undefined || !existsSync("/bin/sh")) return undefined;
  const hidden = store !== undefined && store.startsWith(`${top}/`) ? store : "";
  return {
    command: unshare,
    args: ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", SCRIPT, "sh", top, home, hidden, mount, setpriv, String(uid), String(gid), command, ...args],
  };
}
