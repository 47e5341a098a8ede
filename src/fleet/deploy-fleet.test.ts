import { test } from "node:test";
import assert from "node:assert/strict";
import { deployFleet, switchedUnits } from "./deploy-fleet.ts";
import { resultsTable } from "./host-result.ts";
import { parseTarget } from "../remote/target.ts";
import { UserError } from "../diagnostics/user-error.ts";
import type { FleetHost } from "./fleet-host.ts";
import type { BuiltGeneration, CurrentGeneration, FleetTransport, Health } from "./fleet-transport.ts";

const S = "/var/lib/system-manager/store";
const NEW: BuiltGeneration = { storePath: `${S}/${"n".repeat(32)}-system-manager`, engine: `${S}/e-engine`, units: { "app.service": { sha256: "2", masked: false }, "same.service": { sha256: "s", masked: false }, "gone.service": { sha256: "", masked: true } } };
const OLD: CurrentGeneration = { number: 3, storePath: `${S}/${"o".repeat(32)}-system-manager`, engine: `${S}/o-engine`, units: { "app.service": { sha256: "1" }, "same.service": { sha256: "s" } } };
const host = (name: string, canary = false): FleetHost => ({ name, target: parseTarget(`${name}.example`), configuration: "web", canary, autoRollback: true });

/** A fleet in memory: each host's generation, what was called on it, and the most steps running at once. */
function fakeFleet(opts: { unhealthy?: string[]; copyFails?: string[]; firstDeploy?: string[]; slow?: string[]; gone?: string[] } = {}) {
  const calls: string[] = [];
  const on = new Map<string, string>();
  let running = 0;
  let most = 0;
  const step = async <T>(what: string, h: FleetHost, f: () => T): Promise<T> => {
    calls.push(`${what} ${h.name}`);
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, opts.slow?.includes(h.name) === true ? 40 : 5));
    running--;
    return f();
  };
  const transport: FleetTransport = {
    copy: (h) => step("copy", h, () => {
      if (opts.copyFails?.includes(h.name)) throw new UserError(`Cannot reach root@${h.name}.example over ssh: Connection refused`);
      return { paths: 3, bytes: 2048, present: 40 };
    }),
    hold: (h) => step("hold", h, () => {
      if (opts.gone?.includes(h.name)) throw new UserError(`Cannot hold the copied closure on ${h.name}.example: the command there failed (exit status 1): x-app, which was in /var/lib/system-manager/store when the deployment began, is gone (collected by a gc there meanwhile?): run the deployment again`);
    }),
    current: (h) => step("current", h, () => (opts.firstDeploy?.includes(h.name) ? null : { ...OLD, storePath: on.get(h.name) ?? OLD.storePath })),
    activate: (h, g) => step("activate", h, () => (on.set(h.name, g.storePath), { code: 0, tail: "" })),
    health: (h, units) => step(`health(${units.join(" ")})`, h, (): Health => (opts.unhealthy?.includes(h.name) ? { ok: false, reason: "app.service failed" } : { ok: true })),
    rollback: (h, p) => step("rollback", h, () => (on.set(h.name, p.storePath), { code: 0, tail: "" })),
  };
  return { transport, calls, on, most: () => most };
}

const generations = new Map([["web", NEW]]);
const run = (hosts: FleetHost[], transport: FleetTransport, parallel = 2, dryRun = false) => deployFleet({ hosts, generations, transport, parallel, dryRun, say: () => {} });

test("the switched units are the generation's new or changed ones, not masked ones", () => {
  assert.deepEqual(switchedUnits(NEW, OLD), ["app.service"]);
  assert.deepEqual(switchedUnits(NEW, null), ["app.service", "same.service"]);
});

test("all healthy: every host copied in parallel within the limit, then the canary alone, then the rest; the table says switched", async () => {
  const f = fakeFleet();
  const hosts = [host("a"), host("b"), host("c", true), host("d"), host("e")];
  const results = await run(hosts, f.transport);
  assert.deepEqual(results.map((r) => r.outcome.kind), ["switched", "switched", "switched", "switched", "switched"]);
  assert.ok(f.most() <= 2, `at most 2 at once, saw ${f.most()}`);
  const activations = f.calls.filter((c) => c.startsWith("activate")).map((c) => c.split(" ")[1]);
  assert.equal(activations[0], "c", "the canary first");
  assert.deepEqual(new Set(activations.slice(1, 3)), new Set(["a", "b"]));
  assert.ok(f.calls.indexOf("activate c") > f.calls.lastIndexOf("copy e"), "activation begins once every copy is done");
  assert.ok(f.calls.includes("health(app.service) a"), "the health check is given the units the switch changed");
  const table = resultsTable(results);
  assert.match(table, /^HOST +GENERATION +COPIED +RESULT$/m);
  assert.match(table, /^a \(a\.example\) +nnnnnnnn…-system-manager +3 paths, 2\.0 KiB +switched$/m);
});

test("a failing canary is rolled back and stops the rollout: the others are copied to but never activated", async () => {
  const f = fakeFleet({ unhealthy: ["c"] });
  const hosts = [host("a"), host("b"), host("c", true)];
  const results = await run(hosts, f.transport);
  assert.deepEqual(results.map((r) => r.outcome.kind), ["not-attempted", "not-attempted", "rolled-back"]);
  assert.ok(f.calls.includes("rollback c"));
  assert.equal(f.on.get("c"), OLD.storePath, "c is back on its previous generation");
  assert.ok(!f.calls.some((c) => c === "activate a" || c === "activate b"));
  const table = resultsTable(results);
  assert.match(table, /^c \(c\.example\) .* rolled back: health check failed: app\.service failed; back on generation 3$/m);
  assert.match(table, /^a \(a\.example\) .* not attempted: the rollout stopped after c failed$/m);
});

test("a slow host holds no one back: a finished host frees its place for the next, never more than --parallel at once", async () => {
  const f = fakeFleet({ slow: ["a"] });
  const lines: string[] = [];
  const results = await deployFleet({ hosts: [host("a"), host("b"), host("c"), host("d")], generations, transport: f.transport, parallel: 2, dryRun: false, say: (l) => void lines.push(l) });
  assert.deepEqual(results.map((r) => r.outcome.kind), ["switched", "switched", "switched", "switched"]);
  assert.ok(f.most() <= 2, `at most 2 at once, saw ${f.most()}`);
  assert.ok(f.calls.indexOf("activate d") < f.calls.indexOf("health(app.service) a"), `c and d ran while a was still activating: ${f.calls.join(", ")}`);
  assert.ok(lines.includes("stage 1: a, b, c, d (2 at a time, the next starting as one finishes)\n"), lines.join(""));
});

test("a failure starts no further host; those already running finish and are reported; without a previous generation the host is only reported", async () => {
  const f = fakeFleet({ unhealthy: ["b"], firstDeploy: ["b"], slow: ["a"] });
  const results = await run([host("a"), host("b"), host("c")], f.transport, 2);
  assert.deepEqual(results.map((r) => r.outcome.kind), ["switched", "failed", "not-attempted"], "a was running when b failed: it finished and is reported");
  assert.ok(f.calls.indexOf("health(app.service) b") < f.calls.indexOf("health(app.service) a"), "b failed while a was still running");
  assert.ok(!f.calls.includes("activate c"));
  assert.match(resultsTable(results), /failed: health check failed: app\.service failed; no previous generation to roll back to/);
  assert.ok(!f.calls.includes("rollback b"));
});

test("each host's closure is held right before its activation; one a gc took meanwhile is not activated, and stops the rollout", async () => {
  const f = fakeFleet({ gone: ["a"] });
  const results = await run([host("a", true), host("b")], f.transport);
  assert.deepEqual(results.map((r) => r.outcome.kind), ["failed", "not-attempted"]);
  assert.match(resultsTable(results), /failed: Cannot hold the copied closure on a\.example: .*is gone \(collected by a gc there meanwhile\?\): run the deployment again \(not activated\)/);
  assert.ok(!f.calls.some((c) => c.startsWith("activate") || c.startsWith("rollback")));
  const ok = fakeFleet();
  await run([host("a")], ok.transport);
  assert.deepEqual(ok.calls, ["copy a", "hold a", "current a", "activate a", "health(app.service) a"]);
});

test("a failed copy activates no host; a dry run only plans", async () => {
  const f = fakeFleet({ copyFails: ["b"] });
  const results = await run([host("a", true), host("b")], f.transport);
  assert.deepEqual(results.map((r) => r.outcome.kind), ["not-attempted", "copy-failed"]);
  assert.ok(!f.calls.some((c) => c.startsWith("activate")));
  assert.match(resultsTable(results), /failed to copy: Cannot reach root@b\.example over ssh: Connection refused/);
  const dry = fakeFleet();
  const plan = await run([host("a"), host("b", true), host("c")], dry.transport, 1, true);
  assert.deepEqual(dry.calls, []);
  assert.deepEqual(plan.map((r) => r.outcome.kind === "planned" && r.outcome.stage), ["stage 2", "stage 1: canary", "stage 2"]);
});
