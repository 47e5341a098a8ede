/**
 * The host's own units that a configuration masks (services.openssh masks
 * Debian's ssh.service) or shadows (a unit of ours with the name of one
 * it runs, Debian's nginx.service) are given back as they ran: started
 * again when a later generation no longer masks or shadows them, and on
 * deactivate, so that deactivating a remote host does not leave it
 * without sshd. The record survives in the state between switches.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { debianEtc } from "../fixtures/debian12-etc.ts";
import { activate } from "../../src/activate/activate.ts";
import { readState } from "../../src/activate/state.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { FakeServiceManager } from "../../src/activate/services/fake-service-manager.ts";

const skip = isRoot ? false : "needs root (account files owned by root)";
const nginx = { systemd: { services: { nginx: { wantedBy: ["multi-user.target"], serviceConfig: { ExecStart: "/bin/true" } } } } };
const maskSsh = { systemd: { maskedUnits: ["ssh.service"] } };

test("masked and shadowed host units that ran are started again once no generation masks or shadows them, and on deactivate", { skip }, async () => {
  const root = makeTree(debianEtc);
  try {
    const sm = new FakeServiceManager({ active: ["ssh.service", "nginx.service", "cron.service"] });
    const run = async (modules: readonly unknown[] | "nothing") => {
      const target = modules === "nothing" ? "nothing" : { storePath: await build(root, modules) };
      await activate({ ...world(root), services: sm }, target, false);
      return readState(new RootFs(root)).hostUnits;
    };
    const running = () => ["ssh.service", "nginx.service", "cron.service"].filter((u) => sm.pid(u) !== 0);

    assert.deepEqual(await run([seedSystem, maskSsh, nginx]), ["nginx.service", "ssh.service"]);
    assert.deepEqual(running(), ["nginx.service", "cron.service"], "ssh.service masked and stopped; ours now runs as nginx.service");
    assert.deepEqual(await run([seedSystem, maskSsh, nginx]), ["nginx.service", "ssh.service"], "switching again keeps the record");
    assert.deepEqual(await run([seedSystem, nginx]), ["nginx.service"], "ssh.service given back");
    assert.deepEqual(running(), ["ssh.service", "nginx.service", "cron.service"]);
    assert.deepEqual(await run([seedSystem, maskSsh, nginx]), ["nginx.service", "ssh.service"]);
    assert.deepEqual(await run("nothing"), []);
    assert.deepEqual(running(), ["ssh.service", "nginx.service", "cron.service"], "after deactivate the host runs its own ssh and nginx again");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
