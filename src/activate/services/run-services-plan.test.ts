/**
 * What startUnits reports after the jobs, as switch-to-configuration does:
 * a unit whose start job failed; a unit of the generation that ended up
 * failed though no job of ours failed; and a Restart= service whose main
 * process keeps failing (waiting in auto-restart with a non-zero exit
 * status: its start job succeeded, and it never reaches `failed`). A unit
 * that runs is not a failure. parseShow reads ExecMainStatus.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeServiceManager } from "./fake-service-manager.ts";
import type { ServicesPlan } from "./plan-services.ts";
import { describeServiceFailure, startUnits } from "./run-services-plan.ts";
import { parseShow } from "./systemctl-service-manager.ts";

const plan = (start: string[]): ServicesPlan => ({ daemonReload: true, stop: [], reload: [], restart: [], start, skip: [], host: [] });

test("a crash-looping Restart= service is a failure of the switch, with its journal; a running one is not", async () => {
  const sm = new FakeServiceManager();
  sm.crashLooping.add("loop.service");
  const failures = await startUnits(sm, plan(["ok.service", "loop.service"]), { units: ["ok.service", "loop.service"] });
  assert.deepEqual(
    failures.map(describeServiceFailure),
    ["Cannot start loop.service: it keeps failing: its main process exited with status 1 and systemd is restarting it\n  loop.service: simulated failure"],
  );
});

test("a start job that fails is reported once, not again by the final look at the units", async () => {
  const sm = new FakeServiceManager();
  sm.failing.add("bad.service");
  const failures = await startUnits(sm, plan(["bad.service"]), { units: ["bad.service"] });
  assert.deepEqual(failures.map((f) => f.unit), ["bad.service"]);
  assert.match(failures[0]?.error ?? "", /control process exited with error code/);
});

test("parseShow reads ExecMainStatus when systemctl gives it", () => {
  const block = "Id=loop.service\nLoadState=loaded\nActiveState=activating\nSubState=auto-restart\nResult=exit-code\nMainPID=0\nExecMainStatus=3\n";
  assert.deepEqual(parseShow(block), [{ name: "loop.service", loadState: "loaded", activeState: "activating", subState: "auto-restart", result: "exit-code", mainPid: 0, execMainStatus: 3 }]);
});
