/**
 * The law "switch twice = empty plan" for homes reached through a link
 * (issue #11): a home whose ~/.local is a link its owner made to another
 * directory of theirs, and a home whose path passes through a link root
 * made (/home -> data/home), are activated once and then read as on their
 * generation; the profile is written where the link leads. A ~/.local
 * link another user made is not followed: planning reads the profile as
 * off, and activation refuses it, writing nothing through it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lchownSync, mkdirSync, readdirSync, readlinkSync, renameSync, chownSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";
import { activate } from "../../src/activate/activate.ts";
import { runActivation } from "../../src/cli/run-activation.ts";
import { homeManagerModule } from "../../src/modules/system/home-manager.ts";

const skip = isRoot ? false : "needs root (homes owned by alice)";
const config = (text: string, createHome = true) => ({
  ...seedSystem,
  users: { ...seedSystem.users, users: { alice: { ...seedSystem.users.users.alice, createHome } } },
  "home-manager": { users: { alice: { home: { stateVersion: "24.05", file: { "hello.txt": { text } } } } } },
});
const users = (r: { plan: { homeActivations: readonly { user: string }[] } }) => r.plan.homeActivations.map((h) => h.user);

/** Moves ~/.local to data/alice-local (owned by `owner`), leaving a relative link owned by `owner` in its place. */
function linkLocal(root: string, owner: number): string {
  const away = join(root, "data/alice-local");
  mkdirSync(join(root, "data"), { recursive: true });
  renameSync(join(root, "home/alice/.local"), away);
  chownSync(away, owner, owner);
  symlinkSync("../../data/alice-local", join(root, "home/alice/.local"));
  lchownSync(join(root, "home/alice/.local"), owner, owner);
  return away;
}

test("a home whose ~/.local is a link its owner made to a directory of theirs: switch twice is an empty plan", { skip }, async () => {
  const root = makeTree({});
  const one = await build(root, [homeManagerModule, config("one\n")]);
  await activate(world(root), { storePath: one }, false);
  const away = linkLocal(root, 5000);
  assert.deepEqual(users(await activate(world(root), { storePath: one }, true)), [], "the profile read through the link is on its generation");

  const two = await build(root, [homeManagerModule, config("two\n")]);
  assert.deepEqual(users(await activate(world(root), { storePath: two }, false)), ["alice"]);
  assert.equal(readlinkSync(join(away, "state/nix/profiles/home-manager")), "home-manager-2-link", "the profile was written where the link leads");
  assert.ok(readlinkSync(join(root, "home/alice/.local")).startsWith("../"), "the link itself is left alone");
  const again = await activate(world(root), { storePath: two }, false);
  assert.deepEqual(users(again), [], "the second switch plans no home activation");
  assert.deepEqual(again.plan.homeActivations, []);
});

test("a home whose ~/.local is a link another user made is not followed: read as off, and refused", { skip }, async () => {
  const root = makeTree({});
  const one = await build(root, [homeManagerModule, config("one\n")]);
  await activate(world(root), { storePath: one }, false);
  const away = linkLocal(root, 6000);
  const before = readdirSync(join(away, "state/nix/profiles")).sort();
  assert.deepEqual(users(await activate(world(root), { storePath: one }, true)), ["alice"]);
  const w = world(root);
  await assert.rejects(activate(w, { storePath: one }, false), /Home Manager activation of alice failed/);
  assert.match(w.lines.join("\n"), /'\/\.local' is a symlink/);
  assert.deepEqual(readdirSync(join(away, "state/nix/profiles")).sort(), before, "nothing was written through the link");
});

test("a home whose path passes through a link root made (/home -> data/home): switch twice is an empty plan", { skip }, async () => {
  const root = makeTree({});
  mkdirSync(join(root, "data/home/alice"), { recursive: true });
  chownSync(join(root, "data/home/alice"), 5000, 5000);
  symlinkSync("data/home", join(root, "home"));
  const storePath = await build(root, [homeManagerModule, config("one\n", false)]);
  assert.deepEqual(users(await activate(world(root), { storePath }, false)), ["alice"]);
  assert.equal(readlinkSync(join(root, "data/home/alice/.local/state/nix/profiles/home-manager")), "home-manager-1-link");
  assert.deepEqual(users(await activate(world(root), { storePath }, false)), []);
});

test("the same through the engine, as alice: a home under a linked /home is activated, then the plan is empty", { skip }, async () => {
  const root = makeTree({});
  mkdirSync(join(root, "data/home/alice"), { recursive: true });
  chownSync(join(root, "data/home/alice"), 5000, 5000);
  symlinkSync("data/home", join(root, "home"));
  const storePath = await build(root, [homeManagerModule, config("one\n", false)]);
  const io = () => {
    const r = { err: "", stdout: () => undefined, stderr: (t: string) => void (r.err += t), env: { PATH: process.env.PATH }, cwd: "/" };
    return r;
  };
  const first = io();
  assert.equal(await runActivation({ root, target: { storePath }, dryRun: false, sudo: false }, first), 0, first.err);
  assert.match(first.err, /alice: Starting Home Manager activation/);
  assert.ok(existsSync(join(root, "data/home/alice/hello.txt")) || readlinkSync(join(root, "data/home/alice/hello.txt")) !== "");
  const second = io();
  assert.equal(await runActivation({ root, target: { storePath }, dryRun: false, sudo: false }, second), 0, second.err);
  assert.doesNotMatch(second.err, /alice: Starting Home Manager activation/, "the second switch did not activate the home again");
});
