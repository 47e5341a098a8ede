import { test } from "node:test";
import assert from "node:assert/strict";
import type { CommandResult, RunCommand } from "./run-command.ts";
import { parseShow, SystemctlServiceManager } from "./systemctl-service-manager.ts";
import { UserError } from "../../diagnostics/user-error.ts";

/** A runner answering from a script of (argv prefix → result), recording every call. */
function scripted(answers: [string, Partial<CommandResult>][]) {
  const calls: string[] = [];
  const run: RunCommand = async (argv) => {
    const line = argv.join(" ");
    calls.push(line);
    const a = answers.find(([prefix]) => line.startsWith(prefix));
    return { code: 0, stdout: "", stderr: "", timedOut: false, ...(a?.[1] ?? {}) };
  };
  return { calls, run };
}

const show = (id: string, active: string, result = "success", pid = 0) => `Id=${id}\nLoadState=loaded\nActiveState=${active}\nSubState=x\nResult=${result}\nMainPID=${pid}\n`;

test("available(): only on / with a running systemd", async () => {
  const { run } = scripted([]);
  assert.deepEqual(await new SystemctlServiceManager({ root: "/tmp/r", run }).available(), { available: false, reason: "the target is --root /tmp/r, not this machine" });
  assert.equal((await new SystemctlServiceManager({ root: "/", run, exists: () => false }).available()).available, false);
  assert.deepEqual(await new SystemctlServiceManager({ root: "/", run, exists: () => true }).available(), { available: true });
});

test("parseShow(): one status per block", () => {
  assert.deepEqual(parseShow(show("a.service", "active", "success", 42) + "\n" + show("b.service", "failed", "exit-code")), [
    { name: "a.service", loadState: "loaded", activeState: "active", subState: "x", result: "success", mainPid: 42 },
    { name: "b.service", loadState: "loaded", activeState: "failed", subState: "x", result: "exit-code", mainPid: 0 },
  ]);
});

test("start(): one systemctl call for all units, results read from their state", async () => {
  const { calls, run } = scripted([
    ["systemctl --no-pager --no-ask-password start", { code: 1, stderr: "Job for bad.service failed because the control process exited with error code.\n" }],
    ["systemctl --no-pager --no-ask-password show", { stdout: show("ok.service", "active", "success", 7) + "\n" + show("bad.service", "failed", "exit-code") }],
  ]);
  const results = await new SystemctlServiceManager({ root: "/", run }).start(["ok.service", "bad.service"]);
  assert.deepEqual(calls, [
    "systemctl --no-pager --no-ask-password start -- ok.service bad.service",
    "systemctl --no-pager --no-ask-password show --property=Id,LoadState,ActiveState,SubState,Result,MainPID,ExecMainStatus -- ok.service bad.service",
  ]);
  assert.deepEqual(
    results.map((r) => [r.unit, r.ok, r.error]),
    [
      ["ok.service", true, undefined],
      ["bad.service", false, "Job for bad.service failed because the control process exited with error code."],
    ],
  );
});

test("start(): a oneshot that ran and exited counts as done; a timeout is reported", async () => {
  const ran = scripted([["systemctl --no-pager --no-ask-password show", { stdout: show("once.service", "inactive") }]]);
  assert.equal((await new SystemctlServiceManager({ root: "/", run: ran.run }).start(["once.service"]))[0]?.ok, true);
  const slow = scripted([
    ["systemctl --no-pager --no-ask-password restart", { code: 143, timedOut: true }],
    ["systemctl --no-pager --no-ask-password show", { stdout: show("slow.service", "deactivating") }],
  ]);
  const [r] = await new SystemctlServiceManager({ root: "/", run: slow.run, jobTimeoutMs: 5000 }).restart(["slow.service"]);
  assert.deepEqual([r?.ok, r?.error], [false, "timed out after 5 s"]);
});

test("daemonReload(): a failure is a UserError; journal() drops journalctl's own lines", async () => {
  const bad = scripted([["systemctl --no-pager --no-ask-password daemon-reload", { code: 1, stderr: "Access denied\n" }]]);
  await assert.rejects(new SystemctlServiceManager({ root: "/", run: bad.run }).daemonReload(), (e: unknown) => e instanceof UserError && /Access denied/.test(e.message));
  const j = scripted([["journalctl", { stdout: "-- No entries --\nNov 24 12:00:00 h bad[5]: boom\n" }]]);
  assert.deepEqual(await new SystemctlServiceManager({ root: "/", run: j.run }).journal("bad.service", 20), ["Nov 24 12:00:00 h bad[5]: boom"]);
  assert.deepEqual(j.calls, ["journalctl --no-pager --boot --unit bad.service --lines 20 --output short"]);
});
