/**
 * The $HOME activation scripts (home.activation entries, onChange hooks)
 * see, which is also their working directory. Run directly, that is the
 * home directory itself. Under a --root tree the engine reaches the home
 * through an inherited descriptor (/proc/self/fd/3), which a script cannot
 * use; its runner offers the home as the host names it, `<root>/home/alice`
 * (see run-home-activations.ts: made reachable in a private mount
 * namespace when the directories above it are private to root). It is
 * taken only when it is the very directory the descriptor holds (same
 * device and inode), names it without a symlink, and no one but root and
 * this user can rename a directory above it (each is owned by one of them,
 * and writable by others only when sticky, as sshd checks a home's
 * parents): so it still names the home while the scripts run. Otherwise
 * (a runner that could not offer one) scripts get this process's
 * descriptor by pid, /proc/<pid>/fd/3, a path they can at least use.
 */
import { accessSync, constants, lstatSync, realpathSync, statSync } from "node:fs";
import { posix } from "node:path";

export interface ScriptHome {
  readonly path: string;
  /** Why the offered path was not taken, when scripts get the descriptor's path. */
  readonly note?: string;
}

export function scriptHome(homeDir: string, offered: string | undefined): ScriptHome {
  const fd = /^\/proc\/self\/fd\/(\d+)$/.exec(homeDir);
  if (fd === null) return { path: homeDir };
  const path = `/proc/${process.pid}/fd/${fd[1]}`;
  if (offered === undefined) return { path, note: "no path to the home was offered" };
  const problem = offeredProblem(offered, homeDir);
  return problem === undefined ? { path: offered } : { path, note: `${offered} ${problem}` };
}

function offeredProblem(offered: string, homeDir: string): string | undefined {
  const me = process.geteuid?.() ?? 0;
  try {
    if (!posix.isAbsolute(offered) || posix.normalize(offered) !== offered) return "is not an absolute normalised path";
    if (realpathSync(offered) !== offered) return "passes through a symlink";
    const there = statSync(offered);
    const held = statSync(homeDir);
    if (there.dev !== held.dev || there.ino !== held.ino) return "is not the home being activated";
    accessSync(offered, constants.W_OK | constants.X_OK);
    for (let dir = posix.dirname(offered); ; dir = posix.dirname(dir)) {
      const st = lstatSync(dir);
      if (st.uid !== 0 && st.uid !== me) return `is under ${dir}, owned by uid ${st.uid}`;
      if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) return `is under ${dir}, writable by others`;
      if (dir === "/") return undefined;
    }
  } catch (e) {
    return `cannot be reached (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}
