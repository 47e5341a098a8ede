/**
 * The account files' lock (/etc/.pwd.lock) is honoured whichever kind of
 * lock its holder took: fcntl (lckpwdf, shadow-utils, systemd) or flock(2)
 * (util-linux `flock`), and so are shadow-utils' per-file locks
 * (`passwd.lock` naming a live process); a switch waits for them, and
 * gives up with an error naming the lock, having written nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockAccountFiles } from "../../src/activate/users/pwd-lock.ts";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo } from "../helpers/system.ts";

const HOLD = {
  fcntl: 'use Fcntl; sysopen(my $fh, $ARGV[0], O_WRONLY|O_CREAT, 0600) or die; my $l = pack("s s x4 q q l x4", F_WRLCK, 0, 0, 0, 0); fcntl($fh, F_SETLKW, $l) or die; $| = 1; print "held\\n"; select(undef, undef, undef, $ARGV[1]);',
  flock: 'use Fcntl qw(:DEFAULT :flock); sysopen(my $fh, $ARGV[0], O_WRONLY|O_CREAT, 0600) or die; flock($fh, LOCK_EX) or die; $| = 1; print "held\\n"; select(undef, undef, undef, $ARGV[1]);',
};

/** Another program holding the lock for `seconds`; resolves once it holds it. */
async function holder(kind: keyof typeof HOLD, path: string, seconds: number): Promise<ChildProcess> {
  const child = spawn("perl", ["-e", HOLD[kind], path, String(seconds)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => child.stdout?.once("data", resolve));
  return child;
}

const lockPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-pwdlock-"));
  mkdirSync(join(dir, "etc"));
  return join(dir, "etc/.pwd.lock");
};

for (const kind of ["fcntl", "flock"] as const) {
  test(`a ${kind} lock held by another program is waited for, then the error names the lock`, async () => {
    const path = lockPath();
    const other = await holder(kind, path, 30);
    const started = Date.now();
    await assert.rejects(lockAccountFiles(path, 1), (e: Error) => e.message === `Cannot lock the account files: another program has held ${path} for 1 seconds; nothing was written, run the switch again when it is done`);
    assert.ok(Date.now() - started >= 900, "it waited");
    other.kill();
  });

  test(`a ${kind} lock released within the timeout is then taken`, async () => {
    const path = lockPath();
    const other = await holder(kind, path, 1);
    const started = Date.now();
    const lock = await lockAccountFiles(path, 10);
    assert.ok(Date.now() - started >= 500, "it waited for the holder");
    await lock.release();
    other.kill();
  });
}

test("shadow-utils' per-file lock is honoured while its process lives (or its PID is unreadable); a stale one is ignored", async () => {
  const path = lockPath();
  const fileLock = join(path, "../passwd.lock");
  const other = spawn("sleep", ["30"]);
  writeFileSync(fileLock, String(other.pid));
  await assert.rejects(lockAccountFiles(path, 1), (e: Error) => e.message === `Cannot lock the account files: ${fileLock} has been held by process ${other.pid} (a shadow-utils tool such as vipw or useradd) for 1 seconds; nothing was written, run the switch again when it is done`);
  other.kill();
  await new Promise((resolve) => other.once("exit", resolve));
  await (await lockAccountFiles(path, 1)).release();
  writeFileSync(fileLock, "garbage");
  await assert.rejects(lockAccountFiles(path, 1), /passwd\.lock has held an invalid PID \("garbage"\) for 1 seconds; .* if no tool is running, remove /);
  const waiting = lockAccountFiles(path, 10);
  setTimeout(() => rmSync(fileLock), 500);
  await (await waiting).release();
});

test("switch waits for a flock holder of /etc/.pwd.lock before writing the account files", { skip: isRoot ? false : "needs root (chown to other users)" }, async () => {
  const root = makeTree({ "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n" });
  const other = await holder("flock", join(root, "etc/.pwd.lock"), 2);
  let released = 0;
  other.on("exit", () => (released = Date.now()));
  await switchTo(root, [seedSystem]);
  const passwd = readFileSync(join(root, "etc/passwd"));
  assert.ok(released > 0, "the account files were written only after the holder let go");
  assert.match(passwd.toString(), /^alice:x:5000:/m);
});
