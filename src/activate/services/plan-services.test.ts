import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { UnitInfo } from "../../build/systemd/unit-info.ts";
import { assertGolden } from "../../../test/helpers/golden.ts";
import { describeServicesPlan, isEmptyServicesPlan, planServices, unitsToObserve } from "./plan-services.ts";

const unit = (sha256: string, over: Partial<UnitInfo> = {}): UnitInfo => ({
  sha256,
  masked: false,
  restartIfChanged: true,
  reloadIfChanged: false,
  stopIfChanged: true,
  stopOnRemoval: true,
  sockets: [],
  wantedBy: ["system-manager.target"],
  ...over,
});
const target = unit("t", { wantedBy: ["default.target"] });
const masked = unit("", { masked: true, wantedBy: [] });

type Units = Record<string, UnitInfo>;
const scenarios: [string, Units, Units, string[]][] = [
  ["first switch", {}, { "system-manager.target": target, "web.service": unit("a") }, []],
  ["same generation again", { "system-manager.target": target, "web.service": unit("a") }, { "system-manager.target": target, "web.service": unit("a") }, ["system-manager.target", "web.service"]],
  ["changed service (stopIfChanged)", { "web.service": unit("a") }, { "system-manager.target": target, "web.service": unit("b") }, ["system-manager.target", "web.service"]],
  ["changed service, stopIfChanged = false", { "web.service": unit("a") }, { "web.service": unit("b", { stopIfChanged: false }) }, ["web.service"]],
  ["changed service, restartIfChanged = false", { "web.service": unit("a") }, { "web.service": unit("b", { restartIfChanged: false }) }, ["web.service"]],
  ["changed service, reloadIfChanged", { "nginx.service": unit("a") }, { "nginx.service": unit("b", { reloadIfChanged: true }) }, ["nginx.service"]],
  ["changed service that is not running", { "web.service": unit("a") }, { "system-manager.target": target, "web.service": unit("b") }, ["system-manager.target"]],
  [
    "changed socket-activated service",
    { "web.service": unit("a"), "web.socket": unit("s") },
    { "web.service": unit("b"), "web.socket": unit("s") },
    ["web.service", "web.socket"],
  ],
  ["changed socket, timer, path and target", { "a.socket": unit("a"), "a.timer": unit("a"), "a.path": unit("a"), "a.target": unit("a") }, { "a.socket": unit("b"), "a.timer": unit("b"), "a.path": unit("b"), "a.target": unit("b") }, ["a.socket", "a.timer", "a.path", "a.target"]],
  [
    "removed units",
    { "gone.service": unit("a"), "keep.service": unit("a", { stopOnRemoval: false }), "idle.service": unit("a") },
    {},
    ["gone.service", "keep.service"],
  ],
  ["masked unit that runs, unmasked unit", { "old.service": masked }, { "apt-daily.timer": masked, "old.service": unit("a") }, ["apt-daily.timer"]],
  ["new socket wanted by a running target", {}, { "web.socket": unit("s", { wantedBy: ["sockets.target"] }), "x.service": unit("x", { wantedBy: ["default.target"] }) }, ["sockets.target", "default.target"]],
  ["deactivate", { "system-manager.target": target, "web.service": unit("a") }, {}, ["system-manager.target", "web.service"]],
  ["new units the host already runs (its own of those names, which ours shadow)", {}, { "system-manager.target": target, "nginx.service": unit("a"), "cron.service": unit("c", { restartIfChanged: false }), "idle.service": unit("i") }, ["nginx.service", "cron.service"]],
];

test("planServices(): switch-to-configuration's rules (golden)", () => {
  const text = scenarios
    .map(([name, old, next, active]) => {
      const plan = planServices(old, next, new Set(active));
      const lines = describeServicesPlan(plan, true);
      return `# ${name} (running: ${active.join(", ") || "nothing"})\n${lines.length === 0 ? "(no changes)" : lines.join("\n")}\n`;
    })
    .join("\n");
  assertGolden(join(import.meta.dirname, "golden", "plan-services.txt"), text);
});

test("planServices(): switching to the same units twice plans nothing", () => {
  const units = { "system-manager.target": target, "a.service": unit("a"), "b.timer": unit("b") };
  assert.ok(isEmptyServicesPlan(planServices(units, units, new Set(Object.keys(units)))));
});

test("describeServicesPlan(): what switch prints while doing it", () => {
  const plan = planServices({ "a.service": unit("a") }, { "a.service": unit("b", { restartIfChanged: false }), "system-manager.target": target }, new Set(["a.service"]));
  assert.deepEqual(describeServicesPlan(plan, false), [
    "NOT restarting the following changed units: a.service",
    "reloading systemd",
    "starting the following units: system-manager.target",
  ]);
});

test("unitsToObserve(): old and new units, the targets new ones hang off, services' sockets", () => {
  assert.deepEqual(unitsToObserve({ "gone.service": unit("a") }, { "web.service": unit("b", { wantedBy: ["sockets.target"] }), "x.service": unit("c", { sockets: ["y.socket"] }) }), [
    "gone.service",
    "sockets.target",
    "system-manager.target",
    "web.service",
    "web.socket",
    "x.service",
    "y.socket",
  ]);
});

test("planServices(): the host's units we mask or shadow while they run are recorded, and started again once we no longer do", () => {
  const ssh = masked;
  // Masking the host's running ssh.service and shadowing its running nginx.service: both recorded; idle ones are not.
  const taking = planServices({}, { "ssh.service": ssh, "ssh.socket": ssh, "nginx.service": unit("n"), "system-manager.target": target }, new Set(["ssh.service", "nginx.service"]));
  assert.deepEqual(taking.host, ["nginx.service", "ssh.service"]);
  assert.deepEqual([taking.stop, taking.start], [["nginx.service", "ssh.service"], ["nginx.service", "system-manager.target"]]);
  const ours = { "ssh.service": ssh, "ssh.socket": ssh, "nginx.service": unit("n"), "system-manager.target": target };
  // Switching again keeps the record (ours run now; nothing to give back).
  const again = planServices(ours, ours, new Set(["nginx.service", "system-manager.target"]), new Set(taking.host));
  assert.deepEqual(again.host, ["nginx.service", "ssh.service"]);
  assert.ok(isEmptyServicesPlan(again));
  // A generation that keeps nginx but no longer masks ssh gives ssh.service back: started after the reload.
  const partly = planServices(ours, { "nginx.service": unit("n"), "system-manager.target": target }, new Set(["nginx.service", "system-manager.target"]), new Set(taking.host));
  assert.deepEqual([partly.host, partly.start, partly.daemonReload], [["nginx.service"], ["ssh.service", "system-manager.target"], true]);
  // Deactivating stops ours and starts the host's own nginx.service and ssh.service again.
  const off = planServices(ours, {}, new Set(["nginx.service", "system-manager.target"]), new Set(taking.host));
  assert.deepEqual([off.host, off.stop, off.start], [[], ["nginx.service", "system-manager.target"], ["nginx.service", "ssh.service"]]);
  assert.deepEqual(describeServicesPlan(off, true), [
    "would stop the following units: nginx.service, system-manager.target",
    "would reload systemd",
    "would start the following units: nginx.service, ssh.service",
  ]);
});
