import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Launcher } from "../../src/packages/launcher.ts";

/** Whether `pid` runs (a killed process whose parent is gone may stay a zombie until reaped: not running). */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(stat, "utf8"));
  } catch {
    return false;
  }
}

test("a launched command gets its arguments as they are, the variables and directory asked for, and answers its output and status", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-launcher-"));
  const launcher = new Launcher(2);
  const previous = process.env.SM_LAUNCHER_GONE;
  process.env.SM_LAUNCHER_GONE = "inherited";
  try {
    const args = await launcher.run("printf", ["%s|", "it's", "a  b", "$HOME", "`id`", "\\n"]);
    assert.deepEqual(args, { status: 0, stdout: "", stderr: "it's|a  b|$HOME|`id`|\\n|" });
    const env = await launcher.run("sh", ["-c", 'echo "${SM_LAUNCHER_SET} ${SM_LAUNCHER_GONE-unset} $(pwd)"'], { env: { SM_LAUNCHER_SET: "x'y z", SM_LAUNCHER_GONE: undefined }, cwd: dir });
    assert.equal(env.stderr, `x'y z unset ${dir}\n`);
    const inherited = await launcher.run("sh", ["-c", 'echo "$SM_LAUNCHER_GONE"']);
    assert.equal(inherited.stderr, "inherited\n", "what one command unsets is not unset for the next");
    const failed = await launcher.run("sh", ["-c", "echo out; echo err >&2; exit 3"]);
    assert.deepEqual(failed, { status: 3, stdout: "", stderr: "out\nerr\n" });
    const missing = await launcher.run("sm-launcher-no-such-program", []);
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /sm-launcher-no-such-program: command not found/);
  } finally {
    if (previous === undefined) delete process.env.SM_LAUNCHER_GONE;
    else process.env.SM_LAUNCHER_GONE = previous;
    launcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("at most `size` commands run at once, the others wait their turn", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-launcher-"));
  const log = join(dir, "log");
  const launcher = new Launcher(2);
  try {
    const step = 'echo start >>"$1"; sleep 0.2; echo end >>"$1"';
    await Promise.all([1, 2, 3, 4, 5].map(() => launcher.run("sh", ["-c", step, "sh", log])));
    let now = 0;
    let most = 0;
    for (const line of readFileSync(log, "utf8").trim().split("\n")) {
      now += line === "start" ? 1 : -1;
      most = Math.max(most, now);
    }
    assert.equal(most, 2);
  } finally {
    launcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a command past its time limit is a UserError naming it; it is killed with its children, and the launcher goes on", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-launcher-"));
  const pidFile = join(dir, "pid");
  const launcher = new Launcher(1);
  try {
    const slow = launcher.run("sh", ["-c", 'sleep 30 & echo $! >"$1"; wait', "sh", pidFile], { timeoutMs: 500, label: "the slow one" });
    await assert.rejects(slow, /^UserError: Cannot run the slow one: it did not finish within 0\.5 seconds and was stopped/);
    const child = Number(readFileSync(pidFile, "utf8"));
    for (let i = 0; i < 50 && alive(child); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(alive(child), false, "the command's own child is killed too");
    assert.deepEqual(await launcher.run("echo", ["next"]), { status: 0, stdout: "", stderr: "next\n" });
  } finally {
    launcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
