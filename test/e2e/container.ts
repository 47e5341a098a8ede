/**
 * A throw-away Debian 12 guest whose PID 1 is a real systemd: the cached
 * rootfs (rootfs.ts) under an overlay whose upper directory lives in a
 * temporary directory, booted with systemd-nspawn (no machined needed:
 * --register=no --keep-unit), commands run inside with nsenter and a clean
 * environment. The upper directory doubles as the list of files a test
 * changed; the cached rootfs and the host's /etc are never written.
 * Every guest has the host's Node and npm (node.ts) and the host's network
 * (nspawn copies the host's /etc/resolv.conf in at each boot), unless
 * booted into a network namespace of the test's (`networkNamespace`).
 * `reboot()` powers off and boots the same overlay again, optionally
 * with other options.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { exec, mustExec, type Exec } from "./exec.ts";
import { nodeBinds } from "./node.ts";
import { ensureRootfs, need } from "./rootfs.ts";

export interface Bind {
  readonly host: string;
  readonly guest: string;
}

export interface BootOptions {
  /** Host paths made visible read-only in the guest. */
  readonly binds?: readonly Bind[];
  /** How long booting may take until `systemctl is-system-running --wait` answers. */
  readonly bootTimeoutMs?: number;
  /** A network namespace (a path such as /run/netns/<name>) the guest gets instead of the host's network. */
  readonly networkNamespace?: string;
}

const GUEST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const live = new Set<Container>();
let counter = 0;

// A test that crashes must not leave a guest running or an overlay mounted.
process.on("exit", () => {
  for (const c of live) c.killNow();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Container {
  readonly name = `sm-e2e-${process.pid}-${++counter}`;
  readonly work: string;
  readonly #rootfs: string;
  #opts: BootOptions;
  #nspawn: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #leader = 0;
  /** What `systemctl is-system-running --wait` said after the last boot. */
  bootState = "";

  private constructor(rootfs: string, opts: BootOptions) {
    this.#rootfs = rootfs;
    this.#opts = opts;
    this.work = mkdtempSync("/tmp/sm-e2e-");
    for (const d of ["upper", "ovl", "merged"]) mkdirSync(join(this.work, d));
  }

  static async boot(opts: BootOptions = {}): Promise<Container> {
    await need("systemd-nspawn", "systemd-container");
    await need("nsenter", "util-linux");
    const c = new Container((await ensureRootfs()).path, opts);
    live.add(c);
    try {
      await c.#start();
    } catch (e) {
      await c.shutdown();
      throw e;
    }
    return c;
  }

  get #merged(): string {
    return join(this.work, "merged");
  }

  async #start(): Promise<void> {
    const w = this.work;
    await mustExec(["mount", "-t", "overlay", "overlay", "-o", `lowerdir=${this.#rootfs},upperdir=${w}/upper,workdir=${w}/ovl`, this.#merged]);
    const args = ["-q", "-D", this.#merged, "--register=no", "--keep-unit", "-M", this.name, "-b", "--console=read-only", "--link-journal=no"];
    // Without a private network nspawn's default (--resolv-conf=auto) copies the host's resolv.conf in: say so, in case that default changes.
    args.push("--resolv-conf=copy-host");
    // In a namespace of its own the guest may manage its network (nspawn keeps CAP_NET_ADMIN from it otherwise).
    if (this.#opts.networkNamespace !== undefined) args.push(`--network-namespace-path=${this.#opts.networkNamespace}`, "--capability=CAP_NET_ADMIN");
    for (const b of [...nodeBinds(), ...(this.#opts.binds ?? [])]) args.push(`--bind-ro=${b.host}:${b.guest}`);
    const log = openSync(join(w, "console.log"), "a");
    // timeout(1) ends the guest even if this process is killed before it can.
    // Its own namespace's /proc/sys/net is the guest's to write (ip_forward, as nspawn's --private-network allows); no other sysctl is.
    const netSysctls = this.#opts.networkNamespace !== undefined ? { SYSTEMD_NSPAWN_API_VFS_WRITABLE: "network" } : {};
    const child = spawn("timeout", ["-k", "10", "900", "systemd-nspawn", ...args], {
      env: { ...process.env, SYSTEMD_NSPAWN_UNIFIED_HIERARCHY: "1", ...netSysctls },
      stdio: ["ignore", log, log],
    });
    closeSync(log);
    this.#nspawn = child;
    this.#exited = new Promise((resolve) => child.on("exit", () => resolve()));
    this.#leader = await this.#findLeader(child.pid as number);
    this.bootState = await this.#waitForBoot(Date.now() + (this.#opts.bootTimeoutMs ?? 60_000));
  }

  /** What is-system-running says once boot is over; until systemd's own socket exists it cannot say anything. */
  async #waitForBoot(deadline: number): Promise<string> {
    let state = "";
    while (Date.now() < deadline) {
      const r = await this.run("systemctl is-system-running --wait", { timeoutMs: Math.max(1000, deadline - Date.now()) });
      state = r.stdout.trim();
      // "offline": systemctl found no /run/systemd/system yet, which the just-started systemd makes early in its boot.
      if (state !== "" && state !== "initializing" && state !== "starting" && state !== "offline") return state;
      if (this.#nspawn?.exitCode !== null) break;
      await sleep(50);
    }
    throw new Error(`The guest did not finish booting (is-system-running said ${JSON.stringify(state)}); its console said:\n${this.console()}`);
  }

  /** The guest's PID 1 as the host sees it: the systemd that nspawn's child became. */
  async #findLeader(timeoutPid: number): Promise<number> {
    // A process may exit between being listed and being read (ESRCH): it is then no leader.
    const read = (path: string): string => {
      try {
        return readFileSync(path, "utf8").trim();
      } catch {
        return "";
      }
    };
    const children = (pid: number): number[] => read(`/proc/${pid}/task/${pid}/children`).split(/\s+/).filter(Boolean).map(Number);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      for (const nspawn of children(timeoutPid)) {
        for (const pid of children(nspawn)) {
          if (read(`/proc/${pid}/comm`) === "systemd") return pid;
        }
      }
      if (this.#nspawn?.exitCode !== null) break;
      await sleep(20);
    }
    throw new Error(`The guest did not start; its console said:\n${this.console()}`);
  }

  /** Runs a bash script as root inside the guest, with a clean environment; stdout and stderr apart. */
  run(script: string, opts: { timeoutMs?: number; env?: Readonly<Record<string, string>> } = {}): Promise<Exec> {
    return this.runArgv(["/bin/bash", "-c", script], opts);
  }

  /** As run, for a script that must succeed: its stdout, or an error with the script and everything it printed. */
  async sh(script: string, timeoutMs?: number): Promise<string> {
    const r = await this.run(script, timeoutMs === undefined ? {} : { timeoutMs });
    if (r.code !== 0) throw new Error(`exit status ${r.code} from:\n${script}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  }

  /** Runs a command (no shell) as root inside the guest, with a clean environment. */
  runArgv(argv: readonly string[], opts: { timeoutMs?: number; env?: Readonly<Record<string, string>> } = {}): Promise<Exec> {
    const env = Object.entries({ PATH: GUEST_PATH, HOME: "/root", LANG: "C.UTF-8", TERM: "dumb", ...opts.env }).map(([k, v]) => `${k}=${v}`);
    return exec(["nsenter", "-t", String(this.#leader), "-a", "env", "-i", ...env, ...argv], { timeoutMs: opts.timeoutMs ?? 120_000 });
  }

  /** Where a guest path is on the host while the guest runs (the overlay's merged view). */
  hostPath(guestPath: string): string {
    return join(this.#merged, guestPath);
  }

  /** The guest's journal of this boot (or of one unit). */
  async journal(unit?: string): Promise<string> {
    return (await this.run(`journalctl -b --no-pager -o short-monotonic ${unit === undefined ? "" : `-u '${unit}'`}`)).stdout;
  }

  /** Every path the guest created, changed (f, d, l) or deleted (c: an overlay whiteout) since it was first booted. */
  changedFiles(): string[] {
    const upper = join(this.work, "upper");
    const out: string[] = [];
    const walk = (rel: string) => {
      for (const name of readdirSync(join(upper, rel)).sort()) {
        const r = `${rel}/${name}`;
        if (r === "/var/log/journal") continue;
        const st = lstatSync(join(upper, r));
        const kind = st.isDirectory() ? "d" : st.isSymbolicLink() ? "l" : st.isCharacterDevice() ? "c" : st.isFile() ? "f" : "o";
        out.push(`${kind} ${r}`);
        if (st.isDirectory()) walk(r);
      }
    };
    walk("");
    return out;
  }

  console(): string {
    const p = join(this.work, "console.log");
    return existsSync(p) ? readFileSync(p, "utf8") : "";
  }

  /** Powers the guest off and boots the same overlay again, with `opts` replacing the options it was booted with. */
  async reboot(opts: BootOptions = {}): Promise<void> {
    await this.#powerOff();
    this.#opts = { ...this.#opts, ...opts };
    await this.#start();
  }

  /** Powers off, unmounts and deletes the overlay. */
  async shutdown(): Promise<void> {
    await this.#powerOff();
    rmSync(this.work, { recursive: true, force: true });
    live.delete(this);
  }

  async #powerOff(): Promise<void> {
    const child = this.#nspawn;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      if (this.#leader !== 0) await exec(["nsenter", "-t", String(this.#leader), "-a", "systemctl", "poweroff", "--no-block"], { timeoutMs: 10_000 });
      let timer: NodeJS.Timeout | undefined;
      const done = await Promise.race([this.#exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20_000)))]);
      clearTimeout(timer);
      if (!done) {
        child.kill("SIGTERM");
        await this.#exited;
      }
    }
    this.#nspawn = undefined;
    this.#leader = 0;
    if ((await exec(["mountpoint", "-q", this.#merged])).code === 0) await mustExec(["umount", this.#merged]);
  }

  /** Synchronous last-resort cleanup (process exit). */
  killNow(): void {
    this.#nspawn?.kill("SIGKILL");
    spawnSync("umount", ["-l", this.#merged]);
    rmSync(this.work, { recursive: true, force: true });
  }
}
