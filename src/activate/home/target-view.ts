/**
 * Root activating a --root tree's home runs it as it would run on the
 * tree's host: in a private mount namespace (gone when it exits, invisible
 * to everyone else) where the tree's store is bound at the store directory
 * and the user's home at its own path (/home/alice), so that activation
 * scripts find their programs by their store paths (bat's cache rebuild
 * does `cd ${pkgs.emptyDirectory}`) and write where their paths point
 * ($HOME, config.xdg.cacheHome), never into this host's /home/alice. Both
 * binds are made as root (store-view.ts, which covers a missing mount
 * point's parent with a tmpfs and binds its entries back), then setpriv
 * drops to the user's uid and gid with no supplementary groups, as
 * spawn's uid/gid do. Whether the host can make it (util-linux, and
 * CAP_SYS_ADMIN) shows when it is made: once the store directory and the
 * home are directories there, and before the user's command starts, the
 * view writes a byte on descriptor VIEW_READY_FD and closes it. A child
 * that ends without that byte could not make the view and ran nothing
 * (what it made was in its own namespace); the caller then hands the
 * child the home and the store as descriptors instead
 * (run-home-activations.ts). No probe runs first: it cost a dozen
 * processes before every such activation.
 */
import { STORE_DIR } from "../../store/store-path.ts";
import { tool } from "./home-namespace.ts";
import { storeViewCommand } from "./store-view.ts";

export interface TargetView {
  readonly command: string;
  readonly args: readonly string[];
}

/** `line` run as root with `hostStore` at the store directory and `hostHome` at `home`; undefined without the tools. */
function wrapped(hostStore: string, hostHome: string, home: string, line: readonly string[]): TargetView | undefined {
  const inner = storeViewCommand(hostHome, home, 0, 0, line[0] as string, line.slice(1));
  return inner === undefined ? undefined : storeViewCommand(hostStore, STORE_DIR, 0, 0, inner.command, inner.args);
}

/** The descriptor on which the view says it is made (one byte, then closed), before the command runs. */
export const VIEW_READY_FD = 4;

/** The tree's account files, bound over the host's in the view (each that exists). */
export interface TreeAccounts {
  readonly passwd?: string;
  readonly group?: string;
}

// In the view, as root: $1 (the store directory) and $2 (the home) must be directories there, or the view is not
// made (an exit with no byte on the ready descriptor); then the byte, and the descriptor closed, so the command
// does not hold it. Then binds each given file ($3: passwd, $4: group; empty: none) over its /etc counterpart (in
// the view's private namespace); a bind that fails leaves the host's file seen, as without binds. Then the rest runs.
const IN_VIEW = `test -d "$1" && test -d "$2" || exit 1; printf v >&${VIEW_READY_FD}; exec ${VIEW_READY_FD}>&-
p=$3 g=$4; shift 4; if [ -n "$p" ]; then mount --bind "$p" /etc/passwd 2>/dev/null; fi; if [ -n "$g" ]; then mount --bind "$g" /etc/group 2>/dev/null; fi; exec "$@"`;

/**
 * How root starts `command args` as `uid`/`gid` in the tree's view, which
 * writes on VIEW_READY_FD once made (the caller gives it a pipe there);
 * undefined without the tools.
 * With `accounts`, the tree's /etc/passwd and /etc/group are the ones seen
 * there: a program looking the user up (dbus-daemon, started by
 * home-manager's dconf settings; `pkill -u`) finds the tree's user, whom
 * the host may not have.
 */
export function targetView(hostStore: string, hostHome: string, home: string, uid: number, gid: number, command: string, args: readonly string[], accounts: TreeAccounts = {}): TargetView | undefined {
  const setpriv = tool("setpriv");
  if (setpriv === undefined) return undefined;
  const run = [setpriv, `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--", command, ...args];
  return wrapped(hostStore, hostHome, home, ["/bin/sh", "-c", IN_VIEW, "sh", STORE_DIR, home, accounts.passwd ?? "", accounts.group ?? "", ...run]);
}
