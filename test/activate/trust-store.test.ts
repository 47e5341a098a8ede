/**
 * A store path present is trusted, as Nix trusts a valid one: a file of
 * the current generation deleted from the store stays deleted through the
 * next switch; a build that repairs (`repair`, as `nix --repair`) writes
 * it again, and the /etc link to it stays.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { module, seedSystem, switchTo, world } from "../helpers/system.ts";
import { testEngine } from "../helpers/engine.ts";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { activate } from "../../src/activate/activate.ts";

test("a file of the current generation deleted from the store is left so by a switch, restored by one that repairs, and /etc keeps it", { skip: isRoot ? false : "needs root (switch chowns)" }, async () => {
  const root = makeTree({});
  const first = await switchTo(root, [seedSystem]);
  const inStore = join(root, first.storePath, "etc/nix/nix.conf");
  const text = readFileSync(inStore, "utf8");
  for (const d of ["", "etc", "etc/nix"]) chmodSync(join(root, first.storePath, d), 0o755);
  rmSync(inStore);
  for (const d of ["etc/nix", "etc", ""]) chmodSync(join(root, first.storePath, d), 0o555);
  const second = await switchTo(root, [seedSystem]);
  assert.equal(second.storePath, first.storePath);
  assert.ok(!existsSync(inStore), "present: trusted, not read");
  const opts = { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine(), repair: true };
  const repaired = await buildGeneration([module(seedSystem)], opts);
  assert.equal(repaired.storePath, first.storePath);
  await activate(world(root), { storePath: repaired.storePath }, false);
  assert.equal(readFileSync(inStore, "utf8"), text);
  assert.equal(readlinkSync(join(root, "etc/nix/nix.conf")), `${first.storePath}/etc/nix/nix.conf`);
  assert.equal(readFileSync(join(root, readlinkSync(join(root, "etc/nix/nix.conf"))), "utf8"), text);
});
