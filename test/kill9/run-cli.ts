/**
 * Runs the real CLI (`node bin/system-manager.js …`, as a user runs it) in
 * its own process group, and optionally kills the whole group with SIGKILL
 * after a delay: counted from the start, or from the moment the build
 * printed the generation's store path (the start of the activation). While
 * it runs, the root's account files are read every few milliseconds and
 * every problem seen is recorded. Resolves once every process of the group
 * is gone, so nothing of a killed run outlives it.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { nodeStandIn } from "../helpers/engine.ts";
import { accountProblems } from "./account-files.ts";

const CHECKOUT = resolve(import.meta.dirname, "..", "..");
const CACHE = mkdtempSync(join(tmpdir(), "sm-kill9-cache-"));
process.once("exit", () => rmSync(CACHE, { recursive: true, force: true }));

/**
 * The CLI as built when the harness started (bin/, dist/ and package.json
 * copied, node_modules linked): a rebuild of dist/ during a long run would
 * give later runs another engine, so another generation than the
 * reference's.
 */
function frozenCli(): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-kill9-cli-"));
  for (const d of ["bin", "dist", "package.json"]) cpSync(join(CHECKOUT, d), join(dir, d), { recursive: true });
  symlinkSync(join(CHECKOUT, "node_modules"), join(dir, "node_modules"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "bin", "system-manager.js");
}
let bin: string | undefined;

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the SIGKILL was sent before the CLI exited. */
  readonly killed: boolean;
  /** Milliseconds from the start to the exit. */
  readonly ms: number;
  /** Milliseconds from the line the build printed (the generation's store path) to the exit; undefined without one. */
  readonly activationMs: number | undefined;
  /** Problems seen in passwd/group/shadow/gshadow while it ran. */
  readonly accounts: readonly string[];
  /** Its process group. */
  readonly pgid: number;
}

export interface RunOptions {
  /** Kill the process group this many milliseconds after the start (or after the store path line). */
  readonly killAfter?: number;
  /**
   * Kill only the CLI's own process (what `kill -9 <pid>` does), not its
   * process group: the processes it started run on, and the result is
   * returned without waiting for them (see waitForGroup).
   */
  readonly onlyTheCli?: boolean;
  /** Measure (and kill) from the line the build prints before activating. */
  readonly fromActivation?: boolean;
  /** The root whose account files are watched. */
  readonly watch?: string;
}

/** Resolves once no process of group `pgid` runs any more. */
export async function waitForGroup(pgid: number): Promise<void> {
  while (groupAlive(pgid)) await sleep(2);
}

/** Whether a process of group `pgid` still runs (zombies, which the init of a container may never reap, do not count). */
function groupAlive(pgid: number): boolean {
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
  }
  return false;
}

export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<CliRun> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: CACHE, XDG_CACHE_HOME: CACHE, SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: process.env.KILL9_NODE ?? nodeStandIn() };
  const child = spawn(process.execPath, [(bin ??= frozenCli()), ...args], { detached: true, stdio: ["ignore", "pipe", "pipe"], env, cwd: "/" });
  const pgid = child.pid as number;
  let stdout = "";
  let stderr = "";
  const start = performance.now();
  let lineAt: number | undefined;
  let killed = false;
  let exited = false;
  let timer: NodeJS.Timeout | undefined;
  const accounts = new Set<string>();
  const watch = opts.watch;
  const poll = watch === undefined ? undefined : setInterval(() => accountProblems(watch).forEach((p) => accounts.add(p)), 4);
  const arm = () => {
    if (opts.killAfter === undefined) return;
    timer = setTimeout(() => {
      if (exited) return;
      killed = true;
      process.kill(opts.onlyTheCli === true ? pgid : -pgid, "SIGKILL");
    }, opts.killAfter);
  };
  if (opts.fromActivation !== true) arm();
  child.stdout.setEncoding("utf8").on("data", (t: string) => {
    stdout += t;
    if (lineAt === undefined && stdout.includes("\n")) {
      lineAt = performance.now();
      if (opts.fromActivation === true) arm();
    }
  });
  child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  return new Promise((done, fail) => {
    let finished = false;
    const finish = async (code: number | null, signal: NodeJS.Signals | null) => {
      if (finished) return;
      finished = true;
      const end = performance.now();
      if (timer !== undefined) clearTimeout(timer);
      // A killed group's other processes (the engine, a home activation) die with it; wait until they are gone.
      if (opts.onlyTheCli !== true) await waitForGroup(pgid);
      if (poll !== undefined) clearInterval(poll);
      if (watch !== undefined) accountProblems(watch).forEach((p) => accounts.add(p));
      done({ code, signal, stdout, stderr, killed, ms: end - start, activationMs: lineAt === undefined ? undefined : end - lineAt, accounts: [...accounts], pgid });
    };
    child.once("error", fail);
    child.once("exit", (code, signal) => {
      exited = true;
      // The processes `kill -9 <pid>` spared hold the output pipes: the CLI is gone now, not when they finish.
      if (killed && opts.onlyTheCli === true) void finish(code, signal);
    });
    child.once("close", (code, signal) => void finish(code, signal));
  });
}
