/**
 * The account files' lock: <root>/etc/.pwd.lock, held both as an fcntl
 * write lock (the convention of glibc's lckpwdf, shadow-utils and systemd)
 * and as a flock(2) lock (what util-linux's `flock` and scripts take; on
 * Linux the two kinds do not see each other), so a holder of either is
 * waited for. Node has no fcntl, so a small perl process takes both,
 * reports, and holds them until we close its stdin or we exit. shadow-utils'
 * per-file locks (`passwd.lock` and the like, holding the pid of the tool
 * that made them: vipw, useradd --prefix) are honoured too: while one names
 * a live process, or is unreadable (as commonio refuses it), we let go and
 * wait. All of it within 15 seconds, as lckpwdf waits.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../../diagnostics/user-error.ts";
import { alive } from "../activation-lock.ts";

// struct flock on LP64 Linux: short l_type, short l_whence, (pad), off_t l_start, off_t l_len, pid_t l_pid, (pad).
const SCRIPT = `
use strict; use Fcntl qw(:DEFAULT :flock);
sysopen(my $fh, $ARGV[0], O_WRONLY|O_CREAT|O_NOFOLLOW, 0600) or die "open: $!\\n";
my $lock = pack("s s x4 q q l x4", F_WRLCK, 0, 0, 0, 0);
local $SIG{ALRM} = sub { die "timeout\\n" };
alarm $ARGV[1];
fcntl($fh, F_SETLKW, $lock) or die "fcntl: $!\\n";
flock($fh, LOCK_EX) or die "flock: $!\\n";
alarm 0;
$| = 1; print "locked\\n";
my $x = <STDIN>;
`;

export interface Lock {
  release(): Promise<void>;
}

/** Takes the lock, waiting at most `timeoutSeconds`; a UserError naming the lock when it stays held. */
export async function lockAccountFiles(lockPath: string, timeoutSeconds = 15): Promise<Lock> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const lock = await takeLock(lockPath, timeoutSeconds, Math.max(1, Math.ceil((deadline - Date.now()) / 1000)));
    const held = heldFileLock(dirname(lockPath));
    if (held === undefined) return lock;
    await lock.release();
    if (Date.now() >= deadline) {
      throw new UserError(`Cannot lock the account files: ${held.path} ${held.why} for ${timeoutSeconds} seconds; nothing was written, run the switch again when it is done${held.stale ?? ""}`);
    }
    await sleep(200);
  }
}

const LOCKED_FILES = ["passwd", "group", "shadow", "gshadow"];

/** A per-file lock of shadow-utils' in `dir` that is held, and by what. */
function heldFileLock(dir: string): { path: string; why: string; stale?: string } | undefined {
  for (const f of LOCKED_FILES) {
    const path = join(dir, `${f}.lock`);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue;
    }
    const pid = /^\s*([1-9][0-9]*)\s*$/.exec(text)?.[1];
    if (pid === undefined) return { path, why: `has held an invalid PID (${JSON.stringify(text.slice(0, 20))})`, stale: `; if no tool is running, remove ${path}` };
    if (alive(Number(pid))) return { path, why: `has been held by process ${pid} (a shadow-utils tool such as vipw or useradd)` };
  }
  return undefined;
}

async function takeLock(lockPath: string, timeoutSeconds: number, waitSeconds: number): Promise<Lock> {
  const child = spawn("perl", ["-e", SCRIPT, lockPath, String(waitSeconds)], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = once(child, "exit");
  while (!out.includes("locked\n")) {
    const winner = await Promise.race([once(child.stdout, "data").then(() => "data"), exited.then(() => "exit")]);
    if (winner === "exit") {
      throw new UserError(
        err.trim() === "timeout"
          ? `Cannot lock the account files: another program has held ${lockPath} for ${timeoutSeconds} seconds; nothing was written, run the switch again when it is done`
          : `Cannot lock the account files (${lockPath}): ${err.trim() || "perl failed"}`,
      );
    }
  }
  return {
    async release() {
      child.stdin.end();
      await exited;
    },
  };
}
