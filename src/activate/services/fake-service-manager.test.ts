import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeServiceManager } from "./fake-service-manager.ts";
import { activeUnits } from "./service-manager.ts";

test("FakeServiceManager: restart gives a new PID, a failing unit fails with a journal line, calls are recorded", async () => {
  const sm = new FakeServiceManager({ active: ["a.service"] });
  const before = sm.pid("a.service");
  await sm.restart(["a.service"]);
  assert.notEqual(sm.pid("a.service"), before);
  sm.failing.add("b.service");
  const [r] = await sm.start(["b.service"]);
  assert.equal(r?.ok, false);
  assert.deepEqual(await sm.journal("b.service", 10), ["b.service: simulated failure"]);
  await sm.stop(["a.service"]);
  assert.deepEqual([...(await activeUnits(sm, ["a.service", "b.service"]))], []);
  assert.deepEqual(sm.calls, ["restart a.service", "start b.service", "stop a.service"]);
});

test("stopUnits()/startUnits(): jobs in switch order; a failed start comes back with its journal", async () => {
  const { stopUnits, startUnits, describeServiceFailure } = await import("./run-services-plan.ts");
  const sm = new FakeServiceManager({ active: ["old.service", "web.service"] });
  sm.failing.add("bad.service");
  const plan = { daemonReload: true, stop: ["old.service"], reload: [], restart: ["web.service"], start: ["bad.service", "system-manager.target"], skip: [], host: [] };
  assert.deepEqual(await stopUnits(sm, plan), []);
  await sm.start(["wanted.service"]);
  const failed = await startUnits(sm, plan, { tmpfiles: ["/etc/tmpfiles.d/00-system-manager.conf"], units: ["web.service", "bad.service", "wanted.service"] });
  assert.deepEqual(sm.calls, [
    "stop old.service",
    "start wanted.service",
    "daemon-reload",
    "tmpfiles /etc/tmpfiles.d/00-system-manager.conf",
    "restart web.service",
    "start bad.service system-manager.target",
  ]);
  assert.deepEqual(failed.map(describeServiceFailure), [
    "Cannot start bad.service: Job for bad.service failed because the control process exited with error code.\n  bad.service: simulated failure",
  ]);
});
