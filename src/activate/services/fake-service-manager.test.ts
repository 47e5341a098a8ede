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
