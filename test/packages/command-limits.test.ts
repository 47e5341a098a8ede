import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AptRoot } from "../../src/packages/debian/apt-root.ts";
import { run, runSync } from "../../src/packages/run.ts";

/** A directory holding stand-ins for `name`, first on PATH. */
function standIn(name: string, script: string): void {
  const dir = mkdtempSync(join(tmpdir(), "sm-stand-in-"));
  writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, name), 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
}

const apt = () => new AptRoot(mkdtempSync(join(tmpdir(), "sm-apt-")), "amd64", [{ uri: "http://deb.example/debian", suites: ["bookworm"], components: ["main"] }] as never);

test("an apt-get update that hangs is stopped at its time limit and named", () => {
  standIn("apt-get", "sleep 30; echo never");
  process.env.SYSTEM_MANAGER_COMMAND_TIMEOUT_MS = "300";
  try {
    const started = Date.now();
    assert.throws(() => apt().update(), (e: Error) => e.name === "UserError" && /^Cannot run apt-get -q update: it did not finish within 0\.3 seconds and was stopped$/.test(e.message));
    assert.ok(Date.now() - started < 10_000, "it does not wait for the command");
  } finally {
    delete process.env.SYSTEM_MANAGER_COMMAND_TIMEOUT_MS;
  }
});

test("an asynchronous run (dpkg-deb, the patchelf runner) is stopped too, even when a child of its own holds its output open", async () => {
  standIn("dpkg-deb", "sleep 30; echo never");
  const started = Date.now();
  await assert.rejects(run("dpkg-deb", ["-R", "a.deb", "out", "extra"], { timeoutMs: 300 }), /^UserError: Cannot run dpkg-deb -R a\.deb out …: it did not finish within 0\.3 seconds and was stopped$/);
  await assert.rejects(run("dpkg-deb", [], { timeoutMs: 200, label: "patchelf 0.14 (Debian)" }), /^UserError: Cannot run patchelf 0\.14 \(Debian\): it did not finish within 0\.2 seconds/);
  assert.ok(Date.now() - started < 10_000, "it does not wait for the command's own children");
});

test("a command that fails for lack of disk space is a UserError saying so", async () => {
  standIn("apt-get", "echo 'Get:1 http://deb.example/debian bookworm InRelease'; echo 'E: Write error - write (28: No space left on device)' >&2; exit 100");
  assert.throws(() => apt().update(), /^UserError: Cannot run apt-get -q update: no space left on device\nE: Write error - write \(28: No space left on device\)$/);
  standIn("dpkg-deb", "echo 'dpkg-deb: error: cannot copy archive member: No space left on device' >&2; exit 2");
  await assert.rejects(run("dpkg-deb", ["-R", "a.deb", "out"]), /Cannot run dpkg-deb -R a\.deb out: no space left on device\ndpkg-deb: error: cannot copy archive member/);
  assert.equal(runSync("sh", ["-c", "echo fine"]).stdout, "fine\n", "a command that succeeds is untouched");
});

test("apt commands run together are each stopped at the time limit, not only the shell that started them", async () => {
  const pids = mkdtempSync(join(tmpdir(), "sm-apt-pids-"));
  standIn("apt-get", `echo $$ >> '${pids}/pids'; exec sleep 30`);
  // Long enough for both to start on a loaded machine (the test counts them), short against their 30 s.
  process.env.SYSTEM_MANAGER_COMMAND_TIMEOUT_MS = "3000";
  try {
    assert.throws(() => apt().aptTogether("apt-get", [["install", "a"], ["install", "b"]]), (e: Error) => e.name === "UserError" && /did not finish within 3 seconds and was stopped/.test(e.message));
  } finally {
    delete process.env.SYSTEM_MANAGER_COMMAND_TIMEOUT_MS;
  }
  const started = readFileSync(join(pids, "pids"), "utf8").trim().split("\n").map(Number);
  assert.equal(started.length, 2);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 50 && started.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(started.filter(alive), [], "no apt-get is left running");
});
