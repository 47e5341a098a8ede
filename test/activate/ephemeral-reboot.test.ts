/**
 * --ephemeral across a reboot (#15): an ephemeral switch over a persistent
 * generation is current until the next boot only (its current link is
 * under /run), and links the restore unit into /etc/systemd/system; a
 * reboot (here: /run emptied) makes the persistent generation current
 * again, and what the restore unit runs (activate the profile's own
 * generation) brings its /etc files back and removes the unit. Without a
 * persistent generation an ephemeral switch leaves nothing in /etc.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { readState } from "../../src/activate/state.ts";
import { EPHEMERAL_CURRENT, listGenerations, persistentGenerationNumber, PROFILES_DIR } from "../../src/activate/generations.ts";
import { EPHEMERAL_RESTORE_FILE, EPHEMERAL_RESTORE_UNIT } from "../../src/activate/plan/ephemeral-restore-plan.ts";

const skip = isRoot ? false : "needs root (account files owned by root)";
const cfg = (name: string) => ({ nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { etc: { [`${name}.txt`]: { text: `${name}\n` } } } });
const UNIT = `/etc/systemd/system/${EPHEMERAL_RESTORE_UNIT}`;
const WANTS = `/etc/systemd/system/multi-user.target.wants/${EPHEMERAL_RESTORE_UNIT}`;

const current = (root: string) => listGenerations(new RootFs(root), () => 0).filter((g) => g.current).map((g) => g.number);
const at = (root: string, p: string) => join(root, p);
/** Whether the path is there (a link into the root's store counts, though it dangles outside the root). */
const existsSync = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

test("an ephemeral switch over generation 1 is current until the reboot; after it generation 1 is current and the restore unit's activation brings it back", { skip }, async () => {
  const root = makeTree({});
  const one = await build(root, [cfg("persistent")]);
  await activate(world(root), { storePath: one }, false);
  const two = await build(root, [cfg("ephemeral")]);
  const eph = await activate(world(root), { storePath: two }, false, { ephemeral: true });
  assert.deepEqual(eph.plan.generation, { number: 2, isNew: true, ephemeral: true });

  assert.deepEqual(current(root), [2]);
  assert.equal(persistentGenerationNumber(new RootFs(root)), 1, "the profile's own link stays on generation 1");
  assert.equal(readlinkSync(at(root, EPHEMERAL_CURRENT)), "system-2-link");
  assert.ok(existsSync(at(root, "run/etc/ephemeral.txt")));
  assert.ok(!existsSync(at(root, "etc/persistent.txt")), "generation 1's file is replaced by generation 2's, under /run");
  assert.equal(readlinkSync(at(root, UNIT)), `${two}/${EPHEMERAL_RESTORE_FILE}`);
  assert.equal(readlinkSync(at(root, WANTS)), UNIT);
  assert.ok(eph.plan.etc.steps.some((s) => s.op === "create" && s.path === UNIT), "the plan (and so --dry-run) shows the restore unit");

  // The reboot: /run is emptied.
  rmSync(at(root, "run"), { recursive: true, force: true });
  assert.deepEqual(current(root), [1], "after the reboot generation 2 is not current");

  // What the unit runs: activate the profile's own generation.
  const storePath = readlinkSync(at(root, `${PROFILES_DIR}/${readlinkSync(at(root, `${PROFILES_DIR}/system`))}`));
  assert.equal(storePath, one);
  const back = await activate(world(root), { storePath }, false);
  assert.equal(back.plan.generation.number, 1);
  assert.ok(existsSync(at(root, "etc/persistent.txt")), "generation 1's file is back");
  assert.ok(!existsSync(at(root, UNIT)) && !existsSync(at(root, WANTS)), "the restore unit is removed");
  assert.deepEqual(current(root), [1]);
  assert.equal(readState(new RootFs(root)).generation, one);
});

test("a persistent switch after an ephemeral one makes its own generation current, drops the /run link and the restore unit", { skip }, async () => {
  const root = makeTree({});
  await activate(world(root), { storePath: await build(root, [cfg("a")]) }, false);
  await activate(world(root), { storePath: await build(root, [cfg("b")]) }, false, { ephemeral: true });
  await activate(world(root), { storePath: await build(root, [cfg("c")]) }, false);
  assert.deepEqual(current(root), [3]);
  assert.equal(persistentGenerationNumber(new RootFs(root)), 3);
  assert.ok(!existsSync(at(root, EPHEMERAL_CURRENT)) && !existsSync(at(root, UNIT)) && !existsSync(at(root, WANTS)));
  assert.ok(existsSync(at(root, "etc/c.txt")));
});

test("an ephemeral switch with no persistent generation writes no restore unit; after the reboot no generation is current", { skip }, async () => {
  const root = makeTree({});
  await activate(world(root), { storePath: await build(root, [cfg("only")]) }, false, { ephemeral: true });
  assert.deepEqual(current(root), [1]);
  assert.ok(!existsSync(at(root, UNIT)));
  rmSync(at(root, "run"), { recursive: true, force: true });
  assert.deepEqual(current(root), []);
});

test("every generation carries the restore unit, running its own engine on the profile's generation once the ephemeral link is gone", async () => {
  const root = makeTree({});
  const gen = await build(root, [cfg("x")]);
  const text = readFileSync(join(root, gen, EPHEMERAL_RESTORE_FILE), "utf8");
  const engine = JSON.parse(readFileSync(join(root, gen, "manifest.json"), "utf8")).engine as string;
  assert.match(text, /^ConditionPathExists=!\/run\/system-manager\/ephemeral-generation$/m);
  assert.ok(text.includes(`ExecStart=/bin/sh -c 'exec ${engine}/bin/system-manager-engine activate --root / --store-path "$(readlink -f /var/lib/system-manager/profiles/system)"'\n`), text);
  assert.match(text, /^WantedBy=multi-user.target$/m);
});
