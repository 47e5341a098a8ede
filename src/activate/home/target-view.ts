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
 * CAP_SYS_ADMIN) is checked by running the same view around a test first
 * (a child of its own, which the caller may start while the system's part
 * of the activation runs: prepare in run-home-activations.ts); where it
 * cannot, the caller hands the child the home and the store as
 * descriptors instead (run-home-activations.ts).
 */
import { spawn } from "node:child_process";
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

/** Whether this host can make the tree's view (`hostStore` at the store directory, `hostHome` at `home`): the view made around a test. */
export function canMakeTargetView(hostStore: string, hostHome: string, home: string): Promise<boolean> {
  const check = wrapped(hostStore, hostHome, home, ["/bin/sh", "-c", 'test -d "$1" && test -d "$2"', "sh", STORE_DIR, home]);
  if (tool("setpriv") === undefined || check === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(check.command, check.args, { stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0));
  });
}

/** The tree's account files, bound over the host's in the view (each that exists). */
export interface TreeAccounts {
  readonly passwd?: string;
  readonly group?: string;
}

// Binds each given file ($1: passwd, $2: group; empty: none) over its /etc counterpart (as root, in the view's
// private namespace), then runs the rest. A bind that fails leaves the host's file seen, as without binds.
const BIND_ACCOUNTS = 'p=$1 g=$2; shift 2; if [ -n "$p" ]; then mount --bind "$p" /etc/passwd 2>/dev/null; fi; if [ -n "$g" ]; then mount --bind "$g" /etc/group 2>/dev/null; fi; exec "$@"';

/**
 * How root starts `command args` as `uid`/`gid` in the tree's view (which
 * canMakeTargetView said the host can make); undefined without the tools.
 * With `accounts`, the tree's /etc/passwd and /etc/group are the ones seen
 * there: a program looking the user up (dbus-daemon, started by
 * home-manager's dconf settings; `pkill -u`) finds the tree's user, whom
 * the host may not have.
 */
export function targetView(hostStore: string, hostHome: string, home: string, uid: number, gid: number, command: string, args: readonly string[], accounts: TreeAccounts = {}): TargetView | undefined {
  const setpriv = tool("setpriv");
  if (setpriv === undefined) return undefined;
  const run = [setpriv, `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--", command, ...args];
  const binds = accounts.passwd !== undefined || accounts.group !== undefined;
  return wrapped(hostStore, hostHome, home, binds ? ["/bin/sh", "-c", BIND_ACCOUNTS, "sh", accounts.passwd ?? "", accounts.group ?? "", ...run] : run);
}
