/**
 * programs.ssh in a --root tree: the host's ssh_config is moved aside and
 * replaced by the generated one, ssh_known_hosts and a knownHostsFiles
 * entry are linked into the generation, a second switch plans nothing,
 * and deactivate gives back exactly the tree it started from.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";
import { isEmptyPlan } from "../../src/activate/plan/empty-plan.ts";

const skip = isRoot ? false : "needs root (files owned by root)";
const HOST_CONFIG = "Host *\n    SendEnv LANG LC_*\n";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGwuVmBTHPQhP7Fq2AJqTJcNpUNV3Ka0Jz2mjKDtvFrK";
/** What the seed system and the account files make, apart from programs.ssh. */
const NOT_SSH = ["/var", "/home", "/etc/nix", "/etc/profile.d", "/etc/environment.d", "/etc/tmpfiles.d", "/etc/systemd", "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow", "/etc/.pwd.lock"];
/** Reads a file of the root, following links as the root sees them. */
const read = (root: string, p: string): string => {
  try {
    return read(root, readlinkSync(join(root, p)));
  } catch {
    return readFileSync(join(root, p), "utf8");
  }
};

test("programs.ssh replaces the host's ssh_config (kept aside), adds the known hosts; switching again plans nothing; deactivate restores the tree", { skip }, async () => {
  const root = makeTree({ "etc/ssh/ssh_config": HOST_CONFIG });
  const keys = mkdtempSync(join(tmpdir(), "programs-ssh-keys-"));
  try {
    writeFileSync(join(keys, "corp_hosts"), `git.corp ${KEY}\n`);
    const ssh = { programs: { ssh: { enable: true, knownHosts: { "git.example.test": { publicKey: KEY } }, knownHostsFiles: [join(keys, "corp_hosts")] } } };
    const storePath = await build(root, [seedSystem, ssh]);
    const before = snapshot(root, NOT_SSH);
    await activate(world(root), { storePath }, false);
    assert.equal(readFileSync(join(root, "etc/ssh/ssh_config.system-manager-backup"), "utf8"), HOST_CONFIG);
    assert.match(read(root, "/etc/ssh/ssh_config"), /^GlobalKnownHostsFile \/etc\/ssh\/ssh_known_hosts \/etc\/ssh\/ssh_known_hosts\.d\/0-corp_hosts$/m);
    assert.equal(read(root, "/etc/ssh/ssh_known_hosts"), `git.example.test ${KEY}\n`);
    assert.equal(read(root, "/etc/ssh/ssh_known_hosts.d/0-corp_hosts"), `git.corp ${KEY}\n`);
    assert.ok(isEmptyPlan((await activate(world(root), { storePath }, true)).plan), "a second switch plans nothing");
    await activate(world(root), "nothing", false);
    const after = snapshot(root, NOT_SSH);
    assert.deepEqual(after, before);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  }
});
