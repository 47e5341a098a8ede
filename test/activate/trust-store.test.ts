/**
 * A damaged store path is not reused as if it were whole: a file of the
 * current generation deleted from the store is written again by the next
 * switch, and the /etc link to it stays.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo } from "../helpers/system.ts";

test("a file of the current generation deleted from the store is restored by the next switch, and /etc keeps it", { skip: isRoot ? false : "needs root (switch chowns)" }, async () => {
  const root = makeTree({});
  const first = await switchTo(root, [seedSystem]);
  const inStore = join(root, first.storePath, "etc/nix/nix.conf");
  const text = readFileSync(inStore, "utf8");
  for (const d of ["", "etc", "etc/nix"]) chmodSync(join(root, first.storePath, d), 0o755);
  rmSync(inStore);
  for (const d of ["etc/nix", "etc", ""]) chmodSync(join(root, first.storePath, d), 0o555);
  const second = await switchTo(root, [seedSystem]);
  assert.equal(second.storePath, first.storePath);
  assert.equal(readFileSync(inStore, "utf8"), text);
  assert.equal(readlinkSync(join(root, "etc/nix/nix.conf")), `${first.storePath}/etc/nix/nix.conf`);
  assert.equal(readFileSync(join(root, readlinkSync(join(root, "etc/nix/nix.conf"))), "utf8"), text);
});
