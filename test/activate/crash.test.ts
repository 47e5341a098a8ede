/**
 * Crash safety of switch, as a standing suite: a switch is killed at every
 * write in turn (through CrashingFs, which leaves the temporary of a write
 * in progress as kill -9 does); after each kill nothing pre-existing is
 * lost, and running it again converges to the very tree an uninterrupted
 * switch gives, with no temporaries left (see crash-scenarios.ts; rollback
 * and deactivate are in crash-rollback.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRoot } from "../helpers/tree.ts";
import { listGenerations } from "../../src/activate/generations.ts";
import { readState } from "../../src/activate/state.ts";
import { FakeServiceManager } from "../../src/activate/services/fake-service-manager.ts";
import { QuickFs, cloneTree } from "./crash-harness.ts";
import { crashEverywhere, first, prepare, second, SKIP, switchTo, third } from "./crash-scenarios.ts";

const skip = isRoot ? false : "needs root (chown to other users)";

test("a first switch killed at any write converges when run again", { skip }, async () => {
  const { root, paths } = await prepare([first], 0);
  assert.ok((await crashEverywhere(root, switchTo(paths[0] as string))) > 15);
});

test("a switch that adds, changes (content, mode; copy, link) and removes files, users and units converges from a kill at any write", { skip }, async () => {
  const { root, paths } = await prepare([first, second], 1);
  // Run again, the switch completes: the activation it recorded as in progress is cleared.
  const check = (r: string) => assert.equal(readState(new QuickFs(r)).inProgress, null);
  assert.ok((await crashEverywhere(root, switchTo(paths[1] as string), { check })) > 15);
});

test("a switch killed at any write, then switched to a third configuration instead, converges to that one", { skip }, async () => {
  const { root, paths } = await prepare([first, second, third], 1);
  // The generation numbers may differ: the interrupted switch may have made its generation already.
  const writes = await crashEverywhere(root, switchTo(paths[1] as string), {
    again: switchTo(paths[2] as string),
    skip: [...SKIP, "/var/lib/system-manager/profiles"],
    check: (r) => assert.equal(listGenerations(new QuickFs(r), () => 0).find((g) => g.current)?.storePath, paths[2]),
  });
  assert.ok(writes > 15);
});

test("with systemd, a switch killed at any write leaves the units running that an uninterrupted switch leaves, once run again", { skip }, async () => {
  const { root, paths } = await prepare([first, second], 1);
  const units = ["web", "gone", "fresh", "system-manager"].map((u) => `${u}.${u === "system-manager" ? "target" : "service"}`);
  const fresh = () => new FakeServiceManager({ active: ["web.service", "gone.service", "system-manager.target"] });
  const running = (m: FakeServiceManager) => units.filter((u) => m.pid(u) !== 0);
  const reference = fresh();
  const copy = cloneTree(root);
  await switchTo(paths[1] as string, reference)(copy, new QuickFs(copy));
  const expected = running(reference);
  assert.ok(expected.includes("web.service") && !expected.includes("gone.service"));
  let sm = fresh();
  const before = sm.pid("web.service");
  const writes = await crashEverywhere(
    root,
    (r, fs) => {
      sm = fresh();
      return switchTo(paths[1] as string, sm)(r, fs);
    },
    {
      again: (r, fs) => switchTo(paths[1] as string, sm)(r, fs),
      check: () => {
        assert.deepEqual(running(sm), expected);
        assert.notEqual(sm.pid("web.service"), before, "web, changed, was restarted");
      },
    },
  );
  assert.ok(writes > 15);
});
