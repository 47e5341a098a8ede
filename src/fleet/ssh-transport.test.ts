import { test } from "node:test";
import assert from "node:assert/strict";
import { currentOf, sshTransport } from "./ssh-transport.ts";
import { parseTarget } from "../remote/target.ts";
import type { Command, Outcome, Runner } from "../remote/runner.ts";
import type { FleetHost } from "./fleet-host.ts";

const S = "/var/lib/system-manager/store";
const GEN = `${S}/${"a".repeat(32)}-system-manager`;
const host: FleetHost = { name: "web1", target: parseTarget("root@10.0.0.1:2222"), configuration: "web", canary: false, autoRollback: true, healthCheck: "curl -f localhost" };

test("the current generation is read from the profile link and its manifest; none, when there is no link", () => {
  const manifest = JSON.stringify({ version: 3, engine: `${S}/e-engine`, units: { "app.service": { sha256: "ab", masked: false } } }, null, 2);
  assert.deepEqual(currentOf(`generation system-7-link ${GEN}\nmanifest\n${manifest}\n`, "h"), { number: 7, storePath: GEN, engine: `${S}/e-engine`, units: { "app.service": { sha256: "ab" } } });
  assert.equal(currentOf("none\n", "h"), null);
  assert.throws(() => currentOf(`generation system-7-link ${GEN}\nmanifest\n{`, "h"), /manifest\.json is not JSON/);
});

test("the engine runs there as the generation's own, a rollback with --generation N as rollback does, the health script with the units and the check", async () => {
  const seen: Command[] = [];
  const runner: Runner = async (c): Promise<Outcome> => {
    seen.push(c);
    c.onStderr?.("  activating\n  done\n");
    return { code: 0, stdout: "state running\nend\n", stderr: "" };
  };
  const said: string[] = [];
  const t = sshTransport({ runner, localRoot: "/", sudo: false, settleSeconds: 3, say: (l) => said.push(l) });
  const act = await t.activate(host, { storePath: GEN, engine: `${S}/e-engine`, units: {} });
  assert.deepEqual(act, { code: 0, tail: "activating / done" });
  assert.equal(seen[0]?.argv.at(-1), `${S}/e-engine/bin/system-manager-engine activate --root / --store-path ${GEN}`);
  assert.deepEqual(seen[0]?.argv.slice(0, 6), ["ssh", "-p", "2222", "-l", "root", "--"]);
  assert.ok(said.includes("web1 |   activating\n"));
  await t.rollback(host, { number: 6, storePath: `${S}/${"b".repeat(32)}-system-manager`, engine: `${S}/o-engine`, units: {} });
  assert.equal(seen[1]?.argv.at(-1), `${S}/o-engine/bin/system-manager-engine activate --root / --store-path ${S}/${"b".repeat(32)}-system-manager --generation 6`);
  assert.deepEqual(await t.health(host, ["app.service"]), { ok: true });
  assert.match(seen[2]?.argv.at(-1) as string, / sh 3 'curl -f localhost' app\.service$/);
});
