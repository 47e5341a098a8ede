/**
 * Running a standalone home's activation scripts where its store is seen
 * at the store directory. A user's own store (~/.local/state/
 * system-manager/home) holds paths named /var/lib/system-manager/store/…,
 * and home-manager's activation entries run them (bat's cache rebuild
 * does `cd ${pkgs.emptyDirectory}` and runs bat); on a host whose system
 * store lacks them they would fail. So each script runs in a private
 * mount namespace (gone when it exits, invisible to everyone else) where
 * the user's store is bind-mounted on the store directory: util-linux
 * `unshare`, with a user namespace when not root, entered back as the
 * user's own uid and gid (`--map-user`, `--map-group`) before the script
 * starts. Where the store directory's parents do not exist, a tmpfs over
 * the deepest existing one makes the mount point, with that directory's
 * entries bound back in place. If the namespace cannot be made (no
 * util-linux ≥ 2.38, user namespaces disabled), scripts run as before and
 * a note says why.
 */
import { spawnSync } from "node:child_process";
import { UserError } from "../../diagnostics/user-error.ts";
import { tool } from "./home-namespace.ts";

/** Runs `script` with bash in `cwd`, failing with a UserError naming `what`. */
export type ShellRunner = (script: string, env: Record<string, string | undefined>, cwd: string, what: string) => void;

/**
 * $1 the user's store, $2 the store directory, $3 mount, $4 unshare, $5
 * uid, $6 gid (both empty when root), then the command. The entries of the
 * directory the tmpfs covers are bound back, and the user's store bound,
 * by one `mount -a` over a table (written into the tmpfs and removed; its
 * mount points made by X-mount.mkdir; libmount reads no table from a
 * pipe), not a mount process apiece: /var/lib's 25 entries took 60 ms so,
 * and the store's mkdir and mount two processes more. A name an fstab line
 * cannot hold as it is (blank or backslash) is bound on its own (the
 * store then after the table, `src` emptied once it is in the table). The
 * parents are found by the shell's own expansion, not a dirname process
 * apiece.
 */
const SCRIPT = `set -e
src=$1 dir=$2 mount=$3 unshare=$4 uid=$5 gid=$6; shift 6
d=$dir; while [ ! -d "$d" ]; do d=\${d%/*}; d=\${d:-/}; done
if [ "$d" != "$dir" ]; then
  [ "$d" != / ]
  exec 5<"$d"
  "$mount" -t tmpfs -o mode=0755 system-manager-store "$d"
  nl='
'
  table=
  for s in /proc/self/fd/5/* /proc/self/fd/5/.[!.]* /proc/self/fd/5/..?*; do
    [ -e "$s" ] || [ -L "$s" ] || continue
    e=\${s##*/}
    if [ -L "$s" ]; then ln -s "$(readlink "$s")" "$d/$e"; continue; fi
    if [ -d "$s" ]; then kind=rbind; else : > "$d/$e"; kind=bind; fi
    case "$d/$e" in
    *[[:space:]\\\\]*)
      if [ $kind = rbind ]; then mkdir "$d/$e"; fi
      "$mount" -c --$kind "$s" "$d/$e" ;;
    *) table="$table$s $d/$e none $kind,X-mount.mkdir 0 0$nl" ;;
    esac
  done
  case "$src/$dir" in
  *[[:space:]\\\\]*) ;;
  *) table="$table$src $dir none bind,X-mount.mkdir 0 0$nl" src= ;;
  esac
  if [ -n "$table" ]; then
    t=$d/.system-manager-fstab.$$
    [ ! -e "$t" ] && [ ! -L "$t" ]
    printf '%s' "$table" > "$t"
    "$mount" -c -a -T "$t"
    rm -f "$t"
  fi
  exec 5<&-
  if [ -n "$src" ]; then mkdir -p "$dir"; fi
fi
if [ -n "$src" ]; then "$mount" --bind "$src" "$dir"; fi
if [ -n "$uid" ]; then exec "$unshare" --user --map-user="$uid" --map-group="$gid" -- "$@"; fi
exec "$@"
`;

export interface StoreView {
  readonly command: string;
  readonly args: readonly string[];
}

/** How to run `command args` as `uid`/`gid` with `userStore` seen at `storeDir`; undefined without util-linux's tools. */
export function storeViewCommand(userStore: string, storeDir: string, uid: number, gid: number, command: string, args: readonly string[]): StoreView | undefined {
  const [unshare, mount] = [tool("unshare"), tool("mount")];
  if (unshare === undefined || mount === undefined) return undefined;
  const root = uid === 0;
  const outer = root ? ["--mount"] : ["--user", "--map-root-user", "--mount"];
  return {
    command: unshare,
    args: [...outer, "--propagation", "private", "--", "/bin/sh", "-c", SCRIPT, "sh", userStore, storeDir, mount, unshare, root ? "" : String(uid), root ? "" : String(gid), command, ...args],
  };
}

const bashArgs = (script: string) => ["--norc", "--noprofile", "-euo", "pipefail", "-c", script];

/**
 * A ShellRunner that runs scripts with `userStore` seen at `storeDir`, or,
 * when this host cannot make the namespace, `fallback` and a note (told
 * once, the first time a script runs).
 */
export function storeViewRunner(userStore: string, storeDir: string, fallback: ShellRunner, log: (line: string) => void): ShellRunner {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  let usable: boolean | undefined;
  return (script, env, cwd, what) => {
    if (usable === undefined) {
      const probe = storeViewCommand(userStore, storeDir, uid, gid, "/bin/sh", ["-c", `test -d ${JSON.stringify(storeDir)} && test "$(id -u)" = ${uid}`]);
      const r = probe === undefined ? undefined : spawnSync(probe.command, probe.args, { encoding: "utf8" });
      usable = r?.status === 0;
      if (!usable) {
        const why = r === undefined ? "util-linux's unshare and mount are not installed" : (r.stderr.trim().split("\n").pop() ?? `exit status ${r.status}`);
        log(`note: activation scripts run without your store at ${storeDir}, so those running its programs may fail: cannot make a private mount namespace (${why})`);
      }
    }
    if (!usable) return fallback(script, env, cwd, what);
    const v = storeViewCommand(userStore, storeDir, uid, gid, "bash", bashArgs(script)) as StoreView;
    const r = spawnSync(v.command, v.args, { env: env as NodeJS.ProcessEnv, cwd, stdio: "inherit" });
    if (r.error !== undefined) throw new UserError(`Cannot run the ${what}: ${r.error.message}`);
    if (r.status !== 0) throw new UserError(`The ${what} failed with exit status ${r.status}`);
  };
}
