/**
 * Runs each user's home activation as that user: a child process with the
 * user's uid and gid (never root in the user's home). For a --root tree the
 * directories above the home and the store may be private to root, so the
 * child gets the home and the store as open descriptors (fds 3 and 4) and
 * reaches them as /proc/self/fd/3 and /proc/self/fd/4.
 */
import { spawn } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { join } from "node:path";
import { STORE_DIR } from "../../store/store-path.ts";
import { UserError } from "../../diagnostics/user-error.ts";
import type { RootFs } from "../root-fs.ts";

export interface HomeActivationRequest {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
  readonly homeDirectory: string;
  readonly generation: string;
  readonly backupExtension: string | null;
  readonly verbose: boolean;
}

export interface HomeRunner {
  /** Runs one activation; resolves with its exit code, having streamed its output through `log`. */
  run(req: HomeActivationRequest, log: (line: string) => void): Promise<number>;
}

/** Runs `<cli> home-activate` in a child process as the user. */
export function childProcessRunner(fs: RootFs, cli: { node: string; script: string }): HomeRunner {
  return {
    async run(req, log) {
      const direct = fs.root === "/";
      // Through the root's filesystem: a symlink anywhere above the home or the store is refused, not followed.
      const open = (p: string) => openSync(fs.hostPath(p), constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
      const fds = direct ? [] : [open(req.homeDirectory), open(STORE_DIR)];
      const home = direct ? req.homeDirectory : "/proc/self/fd/3";
      const store = direct ? STORE_DIR : "/proc/self/fd/4";
      const args = [cli.script, "home-activate", "--home", home, "--store", store, "--generation", req.generation];
      if (req.backupExtension !== null) args.push("--backup-ext", req.backupExtension);
      const child = spawn(cli.node, args, {
        uid: req.uid,
        gid: req.gid,
        cwd: "/",
        env: { HOME: home, USER: req.user, LOGNAME: req.user, PATH: process.env.PATH ?? "/usr/bin:/bin", ...(req.verbose ? { VERBOSE: "1" } : {}) },
        stdio: ["ignore", "pipe", "pipe", ...fds],
      });
      for (const fd of fds) closeSync(fd);
      const forward = (chunk: Buffer) => chunk.toString("utf8").split("\n").filter((l) => l !== "").forEach((l) => log(l));
      child.stdout?.on("data", forward);
      child.stderr?.on("data", forward);
      return await new Promise<number>((resolve, reject) => {
        child.on("error", (e) => reject(new UserError(`Cannot start the home activation of ${req.user}: ${e.message}`)));
        child.on("exit", (code) => resolve(code ?? 1));
      });
    },
  };
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
