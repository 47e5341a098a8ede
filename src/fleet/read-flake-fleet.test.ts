import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFlakeFleet } from "./read-flake-fleet.ts";
import type { UserErrors } from "../diagnostics/user-error.ts";

const flake = (nodes: string) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.web = system-manager.lib.makeSystemConfig { modules = [ ]; };
    deploy.nodes = {
${nodes}
    };
  };
}
`;

async function read(nodes: string) {
  const dir = mkdtempSync(join(tmpdir(), "sm-fleet-flake-"));
  try {
    writeFileSync(join(dir, "flake.nix"), flake(nodes));
    const io = { stdout: () => {}, stderr: () => {}, env: { HOME: dir }, cwd: dir };
    return await readFlakeFleet(".", { offline: true }, io, join(dir, "store"), ["-F /dev/null"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a flake's deploy.nodes become hosts, read without building the configurations", async () => {
  const hosts = await read(`      web1 = { hostname = "10.0.0.1"; sshUser = "root"; configuration = "web"; canary = true; sshOpts = [ "-i" "/k" ]; };
      web = { hostname = "10.0.0.2:2222"; };`);
  assert.deepEqual(hosts.map((h) => [h.name, h.configuration, h.canary, h.target.sshOptions.join(" ")]), [["web", "web", false, "-F /dev/null"], ["web1", "web", true, "-F /dev/null -i /k"]]);
  assert.equal(hosts[1]?.where?.line, 6);
});

test("every problem of the nodes, and configurations the flake lacks, are reported together at their lines", async () => {
  await assert.rejects(read(`      a = { hostname = "h1"; configuration = "wbe"; };
      b = { hostname = "h2"; configuration = "web"; healthcheck = "true"; };`), (e: UserErrors) => {
    assert.deepEqual(e.errors.map((x) => [x.location?.line, x.message.replace(/ \(.*$/, "")]), [
      [7, "deploy.nodes.b.healthcheck: unknown attribute"],
      [6, "deploy.nodes.a: the flake has no systemConfigs.wbe"],
    ]);
    return true;
  });
});
