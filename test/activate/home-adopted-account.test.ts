/**
 * Home Manager on an account that existed before us, whose home the
 * configuration leaves to its default (#15): the account keeps the home
 * the host gave it (/srv/alice, users-host-accounts.ts), and so does Home
 * Manager, which activates there, not in the configured default
 * /home/alice: both when the switch activates the home itself (no
 * systemd) and when home-manager-alice.service does (runHomeUnit reads
 * the home from /etc/passwd, not the unit's --home).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chownSync, existsSync, mkdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, world } from "../helpers/system.ts";
import { debianEtc, debianPasswd, debianShadow } from "../fixtures/debian12-etc.ts";
import { activate } from "../../src/activate/activate.ts";
import { homeManagerModule } from "../../src/modules/system/home-manager.ts";
import { inProcessRunner } from "../../src/activate/home/run-home-activations.ts";
import { runHomeUnit } from "../../src/activate/home/home-unit.ts";

const skip = isRoot ? false : "needs root (a home owned by alice)";
const ALICE = "alice:x:1001:100:Alice:/srv/alice:/bin/bash\n";
const config = {
  nixpkgs: { hostPlatform: "x86_64-linux" },
  users: { users: { alice: { isNormalUser: true } } },
  "home-manager": { users: { alice: { home: { stateVersion: "24.05", file: { "hello.txt": { text: "hi\n" } } } } } },
};

/** A home file, read through its link into the root's store. */
const homeFile = (root: string, path: string) => readFileSync(join(root, readlinkSync(join(root, path))), "utf8");

function host(): string {
  const root = makeTree({ ...debianEtc, "etc/passwd": debianPasswd + ALICE, "etc/shadow": { content: debianShadow + "alice:!:19500:0:99999:7:::\n", mode: 0o640, uid: 0, gid: 42 } });
  mkdirSync(join(root, "srv/alice"), { recursive: true, mode: 0o700 });
  chownSync(join(root, "srv/alice"), 1001, 100);
  return root;
}

test("switch without systemd: alice's home is activated in /srv/alice, the home she has, not the default /home/alice", { skip }, async () => {
  const root = host();
  const storePath = await build(root, [homeManagerModule, config]);
  const r = await activate(world(root), { storePath }, false);
  assert.deepEqual(r.plan.homeActivations.map((h) => [h.user, h.homeDirectory]), [["alice", "/srv/alice"]]);
  assert.equal(homeFile(root, "srv/alice/hello.txt"), "hi\n");
  assert.ok(!existsSync(join(root, "home/alice")), "nothing is made at the configured default");
  assert.ok(readFileSync(join(root, "etc/passwd"), "utf8").endsWith(ALICE), "her passwd line is as found");
});

test("home-manager-alice.service's home-unit activates in the home /etc/passwd names, though the unit was built with --home /home/alice", { skip }, async () => {
  const root = host();
  const storePath = await build(root, [homeManagerModule, config]);
  await activate(world(root), { storePath }, false);
  const generation = JSON.parse(readFileSync(join(root, storePath, "manifest.json"), "utf8")).homes.alice.generation as string;
  const unit = JSON.parse(readFileSync(join(root, storePath, "manifest.json"), "utf8")).units["home-manager-alice.service"].text as string;
  assert.match(unit, /--home \/home\/alice /);
  const runner = await inProcessRunner(root);
  const code = await runHomeUnit({ root, user: "alice", homeDirectory: "/home/alice", generation, engine: "", backupExtension: null, verbose: false }, () => undefined, () => runner);
  assert.equal(code, 0);
  assert.ok(!existsSync(join(root, "home/alice")), "nothing is made at the configured default");
  assert.equal(homeFile(root, "srv/alice/hello.txt"), "hi\n");
});
