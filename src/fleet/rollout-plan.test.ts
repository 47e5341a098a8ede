import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseHosts, parseParallel, rolloutPlan } from "./rollout-plan.ts";
import { parseTarget } from "../remote/target.ts";
import type { FleetHost } from "./fleet-host.ts";

const host = (name: string, canary = false): FleetHost => ({ name, target: parseTarget(name), configuration: "c", canary, autoRollback: true });

test("canaries come first, one per stage, then the rest in one rolling stage as wide as the parallel limit, in the fleet's order", () => {
  const hosts = [host("a"), host("b", true), host("c"), host("d"), host("e", true), host("f"), host("g")];
  const plan = rolloutPlan(hosts, 2).map((s) => `${s.kind}:${s.hosts.map((h) => h.name).join("")}${s.kind === "rolling" ? `/${s.window}` : ""}`);
  assert.deepEqual(plan, ["canary:b", "canary:e", "rolling:acdfg/2"]);
  assert.deepEqual(rolloutPlan(hosts.slice(0, 1), 4).map((s) => s.kind === "rolling" && s.window), [1]);
  assert.deepEqual(rolloutPlan([host("b", true)], 4).map((s) => s.kind), ["canary"]);
  assert.deepEqual(rolloutPlan([], 4), []);
});

test("--on picks hosts by name in the fleet's order; unknown names and a bad --parallel are user errors", () => {
  const hosts = [host("a"), host("b"), host("c")];
  assert.deepEqual(chooseHosts(hosts, "c,a").map((h) => h.name), ["a", "c"]);
  assert.equal(chooseHosts(hosts, undefined).length, 3);
  assert.throws(() => chooseHosts(hosts, "a,zz"), (e: Error) => e.name === "UserError" && /'zz': not a host of the fleet \(hosts: a, b, c\)/.test(e.message));
  assert.throws(() => chooseHosts(hosts, ","), /names no host/);
  assert.equal(parseParallel(undefined, 4), 4);
  assert.equal(parseParallel("16", 4), 16);
  for (const bad of ["0", "-1", "x", "1.5"]) assert.throws(() => parseParallel(bad, 4), /as --parallel/);
});

test("--ask-sudo-password gives deploy --sudo and is asked even as root here: sudo runs on the hosts", async () => {
  const { parseGlobalFlags, applyGlobalFlags } = await import("../cli/global-flags.ts");
  const g = parseGlobalFlags(["--ask-sudo-password", "deploy", "--flake", "."]);
  assert.ok(g.argv.includes("--sudo"));
  const io = applyGlobalFlags(g, { stdout: () => {}, stderr: () => {}, env: {}, cwd: "/" }, () => "secret");
  assert.equal(io.sudoPassword, "secret");
});
