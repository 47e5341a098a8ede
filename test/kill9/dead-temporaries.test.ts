/**
 * A build run again after a kill -9 removes what the killed build left in
 * the store (its `.tmp-*` temporaries, read-only trees), and nothing else:
 * not a live writer's temporary, not one whose writer is unknown. Found by
 * the kill -9 harness (a build killed while it wrote a store path left
 * `.tmp-<pid>.<start>-…` behind after the re-run: KILL9_NODE=$(which node)
 * KILL9_STEPS='build A' kills within the copy of node).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { nodeStandIn } from "../helpers/engine.ts";
import { CONFIG } from "./steps.ts";
import { STORE } from "./roots.ts";

/** A read-only tree, as a half-written store path is. */
function readOnlyTree(dir: string): void {
  mkdirSync(join(dir, "etc"), { recursive: true });
  writeFileSync(join(dir, "etc/half"), "half");
  chmodSync(join(dir, "etc/half"), 0o444);
  chmodSync(join(dir, "etc"), 0o555);
  chmodSync(dir, 0o555);
}

test("build removes the store temporaries of dead writers, and keeps a live writer's and an unknown one's", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-kill9-tmp-"));
  const store = join(root, STORE);
  mkdirSync(store, { recursive: true });
  const stat = readFileSync("/proc/self/stat", "latin1");
  const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  const dead = [".tmp-2147483646.12345-aBc123", ".tmp-2147483645.99-damaged-x1"];
  const kept = [`.tmp-${process.pid}.${start}-LiVe12`, ".tmp-unknownwriter"];
  for (const n of [...dead, ...kept]) readOnlyTree(join(store, n));
  const cache = mkdtempSync(join(tmpdir(), "sm-kill9-tmp-cache-"));
  const io = {
    stdout: () => undefined,
    stderr: () => undefined,
    env: { PATH: process.env.PATH, XDG_CACHE_HOME: cache, SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn() },
    cwd: process.cwd(),
  };
  assert.equal(await main(["build", "--config", CONFIG.C, "--root", root], io), 0);
  const left = readdirSync(store).filter((n) => n.startsWith(".tmp-")).sort();
  assert.deepEqual(left, [...kept].sort());
});
