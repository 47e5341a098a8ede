/**
 * The account files' lock: an fcntl write lock on <root>/etc/.pwd.lock, the
 * convention glibc's lckpwdf, shadow-utils and systemd honour. Node has no
 * fcntl, so a small perl process takes the lock (waiting up to 15 seconds,
 * as lckpwdf does), reports, and holds it until we close its stdin.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { UserError } from "../../diagnostics/user-error.ts";

// struct flock on LP64 Linux: short l_type, short l_whence, (pad), off_t l_start, off_t l_len, pid_t l_pid, (pad).
const SCRIPT = `
use strict; use Fcntl;
sysopen(my $fh, $ARGV[0], O_WRONLY|O_CREAT|O_NOFOLLOW, 0600) or die "open: $!\\n";
my $lock = pack("s s x4 q q l x4", F_WRLCK, 0, 0, 0, 0);
local $SIG{ALRM} = sub { die "timeout\\n" };
alarm 15; fcntl($fh, F_SETLKW, $lock) or die "fcntl: $!\\n"; alarm 0;
$| = 1; print "locked\\n";
my $x = <STDIN>;
`;

export interface Lock {
  release(): Promise<void>;
}

export async function lockAccountFiles(lockPath: string): Promise<Lock> {
  const child = spawn("perl", ["-e", SCRIPT, lockPath], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = once(child, "exit");
  while (!out.includes("locked\n")) {
    const winner = await Promise.race([once(child.stdout, "data").then(() => "data"), exited.then(() => "exit")]);
    if (winner === "exit") {
      throw new UserError(`Cannot lock the account files (${lockPath}): ${err.trim() === "timeout" ? "another program held the lock for 15 seconds" : err.trim() || "perl failed"}`);
    }
  }
  return {
    async release() {
      child.stdin.end();
      await exited;
    },
  };
}
