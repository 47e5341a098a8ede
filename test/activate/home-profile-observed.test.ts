/**
 * A home recorded as activated is activated again when its profile link
 * (~/.local/state/nix/profiles/home-manager) was deleted or points at
 * another generation: planning observes the link instead of trusting the
 * state. Without systemd the switch activates the home itself; with it,
 * home-manager-<user>.service is restarted.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";
import { readState } from "../../src/activate/state.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { homeManagerModule } from "../../src/modules/system/home-manager.ts";
import { FakeServiceManager } from "../../src/activate/services/fake-service-manager.ts";

const skip = isRoot ? false : "needs root (homes owned by alice)";
const PROFILES = "home/alice/.local/state/nix/profiles";
const config = { ...seedSystem, "home-manager": { users: { alice: { home: { stateVersion: "24.05", file: { "hello.txt": { text: "hi\n" } } } } } } };

async function activated() {
  const root = makeTree({});
  const storePath = await build(root, [homeManagerModule, config]);
  const first = await activate(world(root), { storePath }, false);
  assert.equal(first.plan.homeActivations.length, 1);
  const generation = readState(new RootFs(root)).homeGenerations.alice as string;
  assert.equal(readlinkSync(join(root, PROFILES, "home-manager-1-link")), generation);
  return { root, storePath, generation };
}

const users = (r: { plan: { homeActivations: readonly { user: string }[] } }) => r.plan.homeActivations.map((h) => h.user);

test("without systemd, a home whose profile link was deleted is activated again; one on its generation is not", { skip }, async () => {
  const { root, storePath } = await activated();
  assert.deepEqual(users(await activate(world(root), { storePath }, true)), [], "the link is on the recorded generation");
  rmSync(join(root, PROFILES, "home-manager"));
  assert.deepEqual(users(await activate(world(root), { storePath }, true)), ["alice"]);
  await activate(world(root), { storePath }, false);
  assert.equal(readlinkSync(join(root, PROFILES, "home-manager")), "home-manager-1-link");
  assert.deepEqual(users(await activate(world(root), { storePath }, true)), []);
});

test("without systemd, a home whose profile link points at another generation is activated again", { skip }, async () => {
  const { root, storePath, generation } = await activated();
  symlinkSync("/var/lib/system-manager/store/00000000000000000000000000000000-home-manager-generation", join(root, PROFILES, "home-manager-7-link"));
  rmSync(join(root, PROFILES, "home-manager"));
  symlinkSync("home-manager-7-link", join(root, PROFILES, "home-manager"));
  assert.deepEqual(users(await activate(world(root), { storePath }, true)), ["alice"]);
  await activate(world(root), { storePath }, false);
  const now = readlinkSync(join(root, PROFILES, "home-manager"));
  assert.equal(readlinkSync(join(root, PROFILES, now)), generation);
});

test("after an interrupted activation every home is activated again, though its profile link is on its generation (the killed run may have linked a newer one's files)", { skip }, async () => {
  const { root, storePath } = await activated();
  assert.deepEqual(users(await activate(world(root), { storePath }, true)), []);
  const file = join(root, "var/lib/system-manager/state/system-manager-state.json");
  const state = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, JSON.stringify({ ...state, inProgress: { storePath, generation: 2, previous: { number: 1, storePath }, linkTime: null } }));
  assert.deepEqual(users(await activate(world(root), { storePath }, true)), ["alice"]);
  await activate(world(root), { storePath }, false);
  assert.deepEqual(users(await activate(world(root), { storePath }, true)), [], "once converged, nothing again");
});

test("with systemd, home-manager-alice.service is restarted when the profile link is off its generation, and only then", { skip }, async () => {
  const { root, storePath } = await activated();
  const sm = new FakeServiceManager({ active: ["system-manager.target"] });
  const withSystemd = { ...world(root), services: sm };
  const restarts = async (dryRun: boolean) => {
    const r = await activate(withSystemd, { storePath }, dryRun);
    assert.ok("plan" in r.plan.services);
    assert.deepEqual(r.plan.homeActivations, [], "the unit activates the home");
    return r.plan.services.plan.restart.filter((u) => u.startsWith("home-manager-"));
  };
  // The first switch with systemd starts the unit (it was not running); once running, with the link on its generation, nothing.
  await activate(withSystemd, { storePath }, false);
  assert.deepEqual(await restarts(true), []);
  rmSync(join(root, PROFILES, "home-manager"));
  assert.deepEqual(await restarts(true), ["home-manager-alice.service"]);
  assert.deepEqual(await restarts(false), ["home-manager-alice.service"]);
  assert.notEqual(sm.pid("home-manager-alice.service"), 0);
});
