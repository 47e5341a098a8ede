import { test } from "node:test";
import assert from "node:assert/strict";
import { healthOf } from "./health-answer.ts";

test("running is healthy; degraded only by units the switch left alone is healthy with a note", () => {
  assert.deepEqual(healthOf("state running\nend\n", undefined), { ok: true });
  assert.deepEqual(healthOf("state degraded\nend\n", undefined), { ok: true, note: "systemd degraded by units this deploy did not change" });
});

test("a changed unit failed or restarting, another state, or the node's check failing is a failure with every reason", () => {
  const h = healthOf("state degraded\nfailed app.service\nrestarting web.service\nsaid curl: (7) refused\ncheck 7\nend\n", "curl -f localhost");
  assert.deepEqual(h, { ok: false, reason: "app.service failed; web.service keeps restarting; 'curl -f localhost' exited with status 7: curl: (7) refused" });
  assert.deepEqual(healthOf("state maintenance\nend\n", undefined), { ok: false, reason: "systemd says the system is 'maintenance'" });
  assert.equal(healthOf("state running\n", undefined).ok, false, "an answer cut short is a failure");
});
