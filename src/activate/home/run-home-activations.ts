/**
 * Runs each user's home activation through the generation's engine
 * (`<engine>/bin/system-manager-engine home-activate`). As root, it runs
 * as the user: a child with the user's uid and gid (never root in the
 * user's home). For a --root tree, root runs it as it would run on the
 * tree's host: the store and the home bound where their paths say, in a
 * private mount namespace (target-view.ts). Where the host cannot make
 * one, the directories above the home and the store may be private to
 * root, so the child gets the home and the store as open descriptors (fds
 * 3 and 4) and reaches them, and the engine in the store, as
 * /proc/self/fd/3 and /proc/self/fd/4; its activation scripts are offered
 * the home as the host names it (`<root>/home/alice`, real, as $HOME),
 * which the engine takes only if it names the descriptor's directory
 * (script-home.ts), and when a directory above the home is private to
 * root, the child runs in a private mount namespace where that path is
 * reachable (home-namespace.ts). Without root (a --root tree of the
 * caller's) it runs as the caller, who owns everything (its scripts see
 * the store through a namespace of their own: home-activate.ts).
 */
import { spawn } from "node:child_process";
import { closeSync, constants, lstatSync, openSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR, parseStorePath, storeEntryName } from "../../store/store-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import { ENGINE_BIN } from "../../build/engine-store-paths.ts";
import { homeEngine } from "../engine-reads.ts";
import type { RootFs } from "../root-fs.ts";
import { launchInPrivateHome } from "./home-namespace.ts";
import { VIEW_READY_FD, targetView, type TreeAccounts } from "./target-view.ts";
import { outputLines } from "./output-lines.ts";
import { followOwned } from "./owned-path.ts";

export interface HomeActivationRequest {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly homeDirectory: string;
  readonly generation: string;
  readonly backupExtension: string | null;
  readonly verbose: boolean;
  /** The generation's engine (a store path); null for generations without one (run `legacy`). */
  readonly engine: string | null;
  /** Older generations rooted for this home's links, which links may stay in (home-roots.ts). */
  readonly keepFrom?: readonly string[];
}

export interface HomeRunner {
  /** Runs one activation; resolves with its exit code, having streamed its output through `log`. */
  run(req: HomeActivationRequest, log: (line: string) => void): Promise<number>;
}

export interface ChildRunnerOptions {
  /** Whether to run as each user (we are root) or as ourselves. */
  readonly asUser: boolean;
  /** How generations without an engine are activated: this program's node and script. */
  readonly legacy: { readonly node: string; readonly script: string };
  /** How root makes a --root tree's view (target-view.ts); tests give one this host cannot make, to take the descriptors' way. */
  readonly viewOf?: typeof targetView;
}

/**
 * The tree's /etc/passwd and /etc/group, to be the ones its home
 * activation sees (target-view.ts): only a regular file owned by root in a
 * real /etc, neither writable by anyone but root, since root binds what
 * it names.
 */
function treeAccounts(fs: RootFs): TreeAccounts {
  const safe = (p: string): boolean => {
    try {
      const st = lstatSync(p);
      return st.isFile() && st.uid === 0 && (st.mode & 0o022) === 0;
    } catch {
      return false;
    }
  };
  const etc = fs.hostPath("/etc");
  try {
    const st = lstatSync(etc);
    if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) return {};
  } catch {
    return {};
  }
  const [passwd, group] = [join(etc, "passwd"), join(etc, "group")];
  return { ...(safe(passwd) ? { passwd } : {}), ...(safe(group) ? { group } : {}) };
}

/** Runs `home-activate` in a child process, as the user when `asUser`. */
export function childProcessRunner(fs: RootFs, opts: ChildRunnerOptions): HomeRunner {
  const direct = fs.root === "/";
  // Through the root's filesystem: a symlink above the store is refused, not followed; above the home, only one root or its owner made is (owned-path.ts).
  const homeHostOf = (req: HomeActivationRequest) => {
    const owner = opts.asUser ? req.uid : (process.geteuid?.() ?? 0);
    return direct ? req.homeDirectory : (followOwned(fs.root, fs.root, req.homeDirectory, [owner])?.host ?? fs.hostPath(req.homeDirectory));
  };
  // Homes whose tree's view this host could not make (target-view.ts): their next activations take the descriptors' way at once.
  const noView = new Set<string>();
  return {
    async run(req, log) {
      const homeHost = homeHostOf(req);
      const open = (host: string) => openSync(host, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
      // Resolved here: links above the root are the caller's choice of where the root is.
      const hostHome = direct ? req.homeDirectory : realpathSync(homeHost);
      // The generation's engine, or this engine where that one reads fewer home.json versions (engine-reads.ts).
      const engine = homeEngine(fs, req.engine);
      const engineLine = (store: string): [string, string[]] => {
        const args = ["home-activate", "--home", direct ? req.homeDirectory : "/proc/self/fd/3", "--store", store, "--generation", req.generation];
        if (req.backupExtension !== null) args.push("--backup-ext", req.backupExtension);
        if (!opts.asUser) args.push("--any-user");
        for (const g of req.keepFrom ?? []) args.push("--keep-from", g);
        const [bin, ...pre] = engine === null ? [opts.legacy.node, opts.legacy.script] : [join(store, storeEntryName(parseStorePath(engine)), ENGINE_BIN)];
        return [bin as string, [...pre, ...args]];
      };
      const env = (home: string) => ({ HOME: home, USER: req.user, LOGNAME: req.user, PATH: process.env.PATH ?? "/usr/bin:/bin", ...(req.verbose ? { VERBOSE: "1" } : {}) });
      // Root activating a --root tree: as on its host, the store and the home where their paths say (target-view.ts), the home also as fd 3.
      const viewKey = `${hostHome}\0${req.homeDirectory}`;
      const view = opts.asUser && !direct && !noView.has(viewKey) ? (opts.viewOf ?? targetView)(fs.hostPath(STORE_DIR), hostHome, req.homeDirectory, req.uid, req.gid, ...engineLine(STORE_DIR), treeAccounts(fs)) : undefined;
      if (view !== undefined) {
        const r = await runChild(req.user, view.command, view.args, { env: env(req.homeDirectory) }, [open(homeHost)], log, true);
        if (r.viewMade) return r.code;
        noView.add(viewKey);
      }
      // Else the store is handed over as a descriptor, and the home too (a private home made reachable at the host's path for the scripts).
      const fds = direct ? [] : [open(homeHost), open(fs.hostPath(STORE_DIR))];
      const [bin, argv0] = engineLine(direct ? STORE_DIR : "/proc/self/fd/4");
      const inNamespace = opts.asUser && !direct ? launchInPrivateHome(hostHome, req.uid, req.gid, bin, argv0, realpathSync(fs.hostPath(STORE_DIR))) : undefined;
      const { command, args: argv } = inNamespace ?? { command: bin, args: argv0 };
      const ids = opts.asUser && inNamespace === undefined ? { uid: req.uid, gid: req.gid } : {};
      return (await runChild(req.user, command, argv, { ...ids, env: env(hostHome) }, fds, log, false)).code;
    },
  };
}

/**
 * Runs one activation's child, `fds` at 3 and on, its output streamed
 * through `log` in whole lines. With `inView`, it runs in a tree's view,
 * which writes on VIEW_READY_FD (a pipe after `fds`) once made: until
 * then its output is held, and a child that ends without writing there
 * made no view and ran nothing, so what it said (unshare's or mount's
 * refusal) is dropped and `viewMade` is false.
 */
function runChild(user: string, command: string, args: readonly string[], ids: { readonly uid?: number; readonly gid?: number; readonly env: NodeJS.ProcessEnv }, fds: readonly number[], log: (line: string) => void, inView: boolean): Promise<{ code: number; viewMade: boolean }> {
  if (inView && 3 + fds.length !== VIEW_READY_FD) throw new Error(`the view's ready descriptor would be ${3 + fds.length}, not ${VIEW_READY_FD}`);
  const child = spawn(command, args, { ...ids, cwd: "/", stdio: ["ignore", "pipe", "pipe", ...fds, ...(inView ? (["pipe"] as const) : [])] });
  for (const fd of fds) closeSync(fd);
  let made = !inView;
  const held: Array<[number, Buffer]> = [];
  // Each stream in whole lines (a write may end mid-line), the rest of each once the child is gone.
  const streams = [child.stdout, child.stderr].map((stream, i) => {
    const lines = outputLines(log);
    stream?.on("data", (chunk: Buffer) => (made ? lines.write(chunk) : held.push([i, chunk])));
    return lines;
  });
  if (inView) {
    child.stdio[VIEW_READY_FD]?.on("data", () => {
      if (made) return;
      made = true;
      for (const [i, chunk] of held.splice(0)) streams[i]?.write(chunk);
    });
  }
  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new UserError(`Cannot start the home activation of ${user}: ${e.message}`)));
    child.on("close", (code) => {
      if (made) for (const lines of streams) lines.end();
      resolve({ code: code ?? 1, viewMade: made });
    });
  });
}

/** Runs activations in this process, as the current user: for tests, where the user is the test's own. */
export async function inProcessRunner(root: string): Promise<HomeRunner> {
  const { activateHome } = await import("./activate-home.ts");
  return {
    async run(req, log) {
      try {
        activateHome({
          storeDir: join(root, STORE_DIR),
          homeDir: join(root, req.homeDirectory),
          generation: req.generation,
          backupExtension: req.backupExtension,
          uid: undefined,
          env: { PATH: process.env.PATH },
          log,
          keepFrom: req.keepFrom,
        });
        return 0;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        log(`error: ${e.message}`);
        return 1;
      }
    },
  };
}
