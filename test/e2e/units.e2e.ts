import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { UnitsSpec } from "../../src/build/systemd/units-spec.ts";
import { describeServicesPlan } from "../../src/activate/services/plan-services.ts";
import { describeServiceFailure } from "../../src/activate/services/run-services-plan.ts";
import { unitsOf } from "../helpers/units.ts";
import { Container } from "./container.ts";
import { e2eSkipReason } from "./project.ts";
import { switchUnits } from "./units-switch.ts";

const skip = e2eSkipReason();
const TRICKY = 'say "hi" \\ 100% $HOME';

const web = (version: string) => ({ wantedBy: ["multi-user.target"], script: `echo web ${version}; exec sleep infinity` });
const keep = (version: string) => ({ wantedBy: ["multi-user.target"], restartIfChanged: false, script: `echo keep ${version}; exec sleep infinity` });
const once = {
  wantedBy: ["multi-user.target"],
  environment: { TRICKY },
  path: ["/opt/nothing"],
  serviceConfig: { Type: "oneshot", RemainAfterExit: true },
  script: 'printf "%s\\n" "$TRICKY" > /run/once.env; echo "$PATH" > /run/once.path',
  startAt: "daily",
};

// One guest for the sequence of switches: each step starts from the previous one's units.
let guest: Container;
let current: UnitsSpec | undefined;
before(async () => {
  if (skip === undefined) guest = await Container.boot();
});
after(async () => {
  await guest?.shutdown();
});

async function switchTo(config: unknown) {
  const next = unitsOf(config);
  const r = await switchUnits(guest, current, next);
  current = next;
  return { ...r, lines: describeServicesPlan(r.plan, false), failed: r.failures.map(describeServiceFailure) };
}
const sh = async (script: string) => (await guest.run(script)).stdout.trim();
const pid = (unit: string) => sh(`systemctl show -p MainPID --value ${unit}`);

let webPid = "";
let keepPid = "";

test("first switch: units start through system-manager.target, which default.target wants", { skip }, async () => {
  const r = await switchTo({ systemd: { services: { web: web("1"), keep: keep("1"), once } } });
  assert.deepEqual(r.failed, []);
  assert.deepEqual(r.lines, ["reloading systemd", "starting the following units: system-manager.target"]);
  assert.equal(await sh("systemctl is-active system-manager.target web.service keep.service once.service once.timer | sort -u"), "active");
  assert.equal(await sh("systemctl is-enabled system-manager.target"), "enabled");
  webPid = await pid("web.service");
  keepPid = await pid("keep.service");
});

test("Environment= quoting survives systemd's unquoting; path comes first in PATH", { skip }, async () => {
  assert.equal(await sh("cat /run/once.env"), TRICKY);
  assert.equal(await sh("cat /run/once.path"), "/opt/nothing/bin:/opt/nothing/sbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  assert.equal(await sh("systemd-analyze verify /etc/systemd/system/web.service /etc/systemd/system/once.timer 2>&1 | grep -v -e 'is not executable' -e '^$' || true"), "");
});

test("a changed service is stopped and started (new PID); restartIfChanged = false keeps its PID", { skip }, async () => {
  const r = await switchTo({ systemd: { services: { web: web("2"), keep: keep("2"), once } } });
  assert.deepEqual(r.failed, []);
  assert.deepEqual(r.lines, [
    "stopping the following units: web.service",
    "NOT restarting the following changed units: keep.service",
    "reloading systemd",
    "starting the following units: system-manager.target, web.service",
  ]);
  assert.notEqual(await pid("web.service"), webPid);
  assert.equal(await pid("keep.service"), keepPid);
});

test("the same units again: nothing to do", { skip }, async () => {
  const r = await switchTo({ systemd: { services: { web: web("2"), keep: keep("2"), once } } });
  assert.deepEqual(r.lines, []);
});

test("a removed service is stopped; a failing one is reported with its journal", { skip }, async () => {
  const bad = { wantedBy: ["multi-user.target"], serviceConfig: { Type: "oneshot" }, script: "echo 'cannot open /etc/bad.conf' >&2; exit 3" };
  const r = await switchTo({ systemd: { services: { keep: keep("2"), once, bad } } });
  assert.deepEqual(r.lines, ["stopping the following units: web.service", "reloading systemd", "starting the following units: system-manager.target"]);
  assert.equal(await sh("systemctl is-active web.service || true"), "inactive");
  assert.deepEqual(r.failures.map((f) => [f.unit, f.job, f.error]), [["bad.service", "start", "it failed (exit-code)"]]);
  assert.match(r.failed[0] ?? "", /^Cannot start bad\.service: it failed \(exit-code\)\n/);
  assert.match(r.failed[0] ?? "", /^ {2}.* bad-start\[\d+\]: cannot open \/etc\/bad\.conf$/m);
});

test("a masked unit that runs is stopped, and systemd sees it masked through the link chain", { skip }, async () => {
  assert.equal(await sh("systemctl is-active e2scrub_all.timer"), "active");
  const r = await switchTo({ systemd: { services: { keep: keep("2"), once }, maskedUnits: ["e2scrub_all.timer"] } });
  assert.deepEqual(r.failed, []);
  assert.deepEqual(r.lines, ["stopping the following units: e2scrub_all.timer", "reloading systemd", "starting the following units: system-manager.target"]);
  assert.equal(await sh("systemctl is-enabled e2scrub_all.timer || true"), "masked");
  assert.equal(await sh("systemctl is-active e2scrub_all.timer || true"), "inactive");
});

test("after a reboot, everything comes back through system-manager.target", { skip }, async () => {
  await guest.reboot();
  assert.match(guest.bootState, /^(running|degraded)$/);
  assert.equal(await sh("systemctl is-active system-manager.target keep.service once.service once.timer | sort -u"), "active");
  assert.equal(await sh("systemctl is-enabled e2scrub_all.timer || true"), "masked");
});
