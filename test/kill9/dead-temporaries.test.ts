/**
 * A build run again after a kill -9 removes what the killed build left in
 * the store (its `.tmp-*` temporaries, read-only trees), and nothing else:
 * not a live writer's temporary, not one whose writer is unknown. Found by
 * the kill -9 harness (a build killed while it wrote a store path left
 * `.tmp-<pid>.<start>-…` behind after the re-run: KILL9_NODE=$(which node)
 * KILL9_STEPS='build A' kills within the copy of node; and once the kill
 * was, while the killed writer was a zombie not yet reaped by init:
 * KILL9_SEED=3003 KILL9_STEPS='build A' KILL9_MODES=group KILL9_TRIAL=12).
 */
import { test } from "node:test";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { tmpWriterAlive } from "../../src/store/tmp-lock.ts";
import { removeTree } from "../../src/packages/staged-path.ts";
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

/** The start time /proc gives process `pid` (field 22). */
function startTime(pid: number | "self"): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] as string;
}

/** A zombie: a child of perl that exits at once and that perl never reaps (as a killed build is until init reaps it). */
async function zombie(): Promise<{ pid: number; parent: ChildProcess }> {
  const parent = spawn("perl", ["-e", '$| = 1; my $pid = fork; exit 0 if $pid == 0; print "$pid\\n"; sleep 30'], { stdio: ["ignore", "pipe", "ignore"] });
  const [line] = (await once(parent.stdout.setEncoding("utf8"), "data")) as [string];
  const pid = Number(line.trim());
  while (!/^Z/.test(readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1] ?? "")) await sleep(5);
  return { pid, parent };
}

test("build removes the store temporaries of dead writers (a zombie's too), and keeps a live writer's and an unknown one's", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-kill9-tmp-"));
  const store = join(root, STORE);
  mkdirSync(store, { recursive: true });
  const start = startTime("self");
  const z = await zombie();
  t.after(() => z.parent.kill("SIGKILL"));
  const dead = [".tmp-2147483646.12345-aBc123", ".tmp-2147483645.99-damaged-x1", `.tmp-${z.pid}.${startTime(z.pid)}-ZoMb1e`];
  const kept = [`.tmp-${process.pid}.${start}-LiVe12`, ".tmp-unknownwriter"];
  for (const n of [...dead, ...kept]) readOnlyTree(join(store, n));
  const cache = mkdtempSync(join(tmpdir(), "sm-kill9-tmp-cache-"));
  t.after(() => [root, cache].forEach(removeTree));
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

test("a store temporary whose writer is a zombie is a dead writer's for gc too (tmpWriterAlive)", async (t) => {
  const z = await zombie();
  t.after(() => z.parent.kill("SIGKILL"));
  const stat = readFileSync(`/proc/${z.pid}/stat`, "latin1");
  assert.match(stat.slice(stat.lastIndexOf(")") + 2), /^Z/);
  // Its start time as /proc gives it, read while it is a zombie.
  assert.equal(tmpWriterAlive(`.tmp-${z.pid}.${stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]}-x`), false);
});
