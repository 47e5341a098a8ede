import { test } from "node:test";
import assert from "node:assert/strict";
import { unitInfo } from "../../build/systemd/unit-info.ts";
import { unitInfos } from "../../build/systemd/unit-info.ts";
import { unitsOf } from "../../../test/helpers/units.ts";
import { describeServicesPlan, isEmptyServicesPlan, planServices } from "./plan-services.ts";

/** The plan between two configurations' units, with `running` running. */
const plan = (from: unknown, to: unknown, running: string[]) => planServices(unitInfos(unitsOf(from).units), unitInfos(unitsOf(to).units), new Set(running));

const app = (over: Record<string, unknown> = {}) => ({ systemd: { services: { app: { wantedBy: ["multi-user.target"], script: "exec sleep infinity", reload: "kill -HUP $MAINPID", ...over } } } });

test("only reloadTriggers changed: the service is reloaded, not restarted (compare_units)", () => {
  const p = plan(app({ reloadTriggers: ["v1"] }), app({ reloadTriggers: ["v2"] }), ["app.service", "system-manager.target"]);
  assert.deepEqual(describeServicesPlan(p, true), ["would reload systemd", "would reload the following units: app.service", "would start the following units: system-manager.target"]);
});

test("reloadTriggers and something else changed: restarted; a trigger added to a unit without any: reloaded", () => {
  const both = plan(app({ reloadTriggers: ["v1"] }), app({ reloadTriggers: ["v2"], environment: { A: "1" } }), ["app.service"]);
  assert.deepEqual([both.stop, both.reload, both.start.includes("app.service")], [["app.service"], [], true]);
  const added = plan(app(), app({ reloadTriggers: ["v1"] }), ["app.service"]);
  assert.deepEqual([added.stop, added.reload], [[], ["app.service"]]);
});

test("only ignored [Unit] keys changed (Description, OnFailure): nothing but daemon-reload", () => {
  const p = plan(app({ description: "one" }), app({ description: "two", onFailure: ["x.service"] }), ["app.service", "system-manager.target"]);
  assert.deepEqual([p.daemonReload, p.stop, p.restart, p.reload], [true, [], [], []]);
});

test("notSocketActivated: a changed service is stopped and started itself, its running socket left alone", () => {
  const sock = (over: Record<string, unknown>) => ({ systemd: { services: { web: { script: "exec x", ...over } }, sockets: { web: { listenStreams: ["/run/web.sock"] } } } });
  const via = plan(sock({}), sock({ environment: { A: "1" } }), ["web.service", "web.socket"]);
  assert.deepEqual([via.stop, via.start.filter((u) => u.startsWith("web"))], [["web.service", "web.socket"], ["web.socket"]]);
  const own = plan(sock({ notSocketActivated: true }), sock({ notSocketActivated: true, environment: { A: "1" } }), ["web.service", "web.socket"]);
  assert.deepEqual([own.stop, own.start.filter((u) => u.startsWith("web"))], [["web.service"], ["web.service"]]);
});

test("a drop-in on the host's running unit: adding and removing it restart the unit, which is never stopped for good nor recorded as taken over", () => {
  const dropin = { systemd: { services: { cron: { overrideStrategy: "asDropin", environment: { A: "1" } } } } };
  const add = plan({}, dropin, ["cron.service"]);
  assert.deepEqual([add.stop, add.start.includes("cron.service"), add.host], [["cron.service"], true, []]);
  const remove = plan(dropin, {}, ["cron.service"]);
  assert.deepEqual([remove.stop, remove.restart, remove.start.includes("cron.service")], [[], ["cron.service"], false]);
  assert.equal(plan(dropin, {}, []).restart.length, 0, "a stopped host unit stays stopped");
});

test("switching to the same units twice plans nothing (aliases, drop-ins, mounts, reload triggers)", () => {
  const cfg = { systemd: { services: { app: { aliases: ["a2.service"], reloadTriggers: ["x"], script: "true" }, cron: { overrideStrategy: "asDropin" } }, mounts: [{ what: "tmpfs", where: "/mnt/x", type: "tmpfs" }] } };
  const running = ["app.service", "cron.service", "mnt-x.mount", "system-manager.target"];
  assert.ok(isEmptyServicesPlan(plan(cfg, cfg, running)));
});

test("a unit recorded by an older version (no compare keys) counts as changed when its text changed", () => {
  const { restartKey: _r, reloadKey: _l, ...old } = unitInfo("a.service", "[Service]\nExecStart=/bin/a\n", []);
  const p = planServices({ "a.service": old }, { "a.service": unitInfo("a.service", "[Unit]\nDescription=x\n[Service]\nExecStart=/bin/a\n", []) }, new Set(["a.service"]));
  assert.deepEqual(p.stop, ["a.service"]);
});
