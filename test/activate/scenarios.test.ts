/**
 * Activation scenarios, each from a fixture tree: what switch does to a
 * root, and the laws (switch twice = empty plan; switch then rollback or
 * deactivate = the tree we started with).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, lstatSync, readlinkSync, existsSync } from "node:fs";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo, build, world } from "../helpers/system.ts";
import { debianEtc, debianGroup, debianPasswd, debianShadow } from "../fixtures/debian12-etc.ts";
import { renderPlan } from "../../src/cli/render-plan.ts";
import { isEmptyPlan } from "../../src/activate/plan/empty-plan.ts";
import { activate } from "../../src/activate/activate.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { listGenerations } from "../../src/activate/generations.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { readState } from "../../src/activate/state.ts";

const skip = isRoot ? false : "needs root (chown to other users)";
/** Reads a file of the root, following a link as the root sees it (targets are paths inside the root). */
const read = (root: string, p: string): string => {
  const host = join(root, p);
  if (lstatSync(host).isSymbolicLink()) return read(root, readlinkSync(host));
  return readFileSync(host, "utf8");
};
const STATE = "/var/lib/system-manager";

/** The default groups (users-default-groups.ts) a Debian 12 minbase lacks that the seed uses (nix.conf's build-users-group), as a switch adds them. */
const DEFAULT_GROUPS_ADDED = "nixbld:x:30000:\n";

test("switch into an empty root creates alice, her group, her home and nix.conf; a second switch plans nothing", { skip }, async () => {
  const root = makeTree({});
  const first = await switchTo(root, [seedSystem]);
  assert.match(read(root, "etc/passwd"), /^alice:x:5000:5000::\/home\/alice:\/bin\/bash$/m);
  assert.match(read(root, "etc/group"), /^alice:x:5000:$/m);
  const home = lstatSync(join(root, "home/alice"));
  assert.deepEqual([home.uid, home.gid, home.mode & 0o7777], [5000, 5000, 0o700]);
  assert.equal(readlinkSync(join(root, "etc/nix/nix.conf")), `${first.storePath}/etc/nix/nix.conf`);
  assert.match(read(root, `${first.storePath}/etc/nix/nix.conf`), /experimental-features = nix-command flakes/);
  const second = await switchTo(root, [seedSystem]);
  assert.ok(isEmptyPlan(second.plan), renderPlan(second.plan));
  assert.match(renderPlan(second.plan), /No changes\./);
});

test("switch on a Debian 12 /etc keeps every existing line byte for byte", { skip }, async () => {
  const root = makeTree(debianEtc);
  await switchTo(root, [seedSystem, { environment: { etc: { "nix/nix.conf": { replaceExisting: true } } }, users: { groups: { sudo: { members: ["alice"] } } } }]);
  const passwd = read(root, "etc/passwd");
  assert.ok(passwd.startsWith(debianPasswd), "passwd lines kept in order");
  assert.equal(passwd.slice(debianPasswd.length), "alice:x:5000:5000::/home/alice:/bin/bash\n");
  assert.ok(read(root, "etc/shadow").startsWith(debianShadow));
  const group = read(root, "etc/group");
  assert.match(group, /^sudo:x:27:admin,alice$/m, "existing members kept, alice added");
  assert.equal(group.replace("sudo:x:27:admin,alice", "sudo:x:27:admin"), debianGroup + "alice:x:5000:\n" + DEFAULT_GROUPS_ADDED, "the default groups Debian lacks are added after alice's");
  assert.match(read(root, "etc/gshadow"), /^sudo:\*::admin,alice$/m);
  assert.ok(read(root, "etc/gshadow").includes("alice:!*::\n"));
  const shadow = lstatSync(join(root, "etc/shadow"));
  assert.deepEqual([shadow.mode & 0o7777, shadow.uid, shadow.gid], [0o640, 0, 42], "shadow keeps its mode and owner");
  assert.equal(read(root, "etc/passwd-"), debianPasswd, "previous copy kept as passwd-");
  assert.equal(read(root, "etc/nix/nix.conf.system-manager-backup"), "build-users-group = nixbld\n");
});

test("a pre-existing file is refused without replaceExisting, and nothing changes", { skip }, async () => {
  const root = makeTree({ ...debianEtc, "etc/motd": "mine\n" });
  const before = snapshot(root);
  await assert.rejects(switchTo(root, [seedSystem, { environment: { etc: { motd: { text: "theirs\n" } } } }]), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /Cannot manage \/etc\/motd: it exists and is not managed by system-manager; remove it, or set replaceExisting = true/);
    return true;
  });
  assert.deepEqual(snapshot(root, [STATE]), before);
});

test("an identical pre-existing file is adopted without a backup", { skip }, async () => {
  const root = makeTree({ "etc/motd": "same\n" });
  const r = await switchTo(root, [seedSystem, { environment: { etc: { motd: { text: "same\n" } } } }]);
  assert.ok(lstatSync(join(root, "etc/motd")).isSymbolicLink());
  assert.ok(!existsSync(join(root, "etc/motd.system-manager-backup")));
  assert.match(renderPlan(r.plan), /~ \/etc\/motd -> .* \(the file there has the same content: adopted\)/);
});

test("removing an entry removes its file, restores the backup, and prunes directories we created", { skip }, async () => {
  const root = makeTree({ "etc/motd": "mine\n" });
  const extra = { environment: { etc: { motd: { text: "ours\n", replaceExisting: true }, "deep/dir/x.conf": { text: "x\n" } } } };
  await switchTo(root, [seedSystem, extra]);
  assert.equal(read(root, "etc/motd"), "ours\n");
  assert.equal(read(root, "etc/motd.system-manager-backup"), "mine\n");
  await switchTo(root, [seedSystem]);
  assert.equal(read(root, "etc/motd"), "mine\n");
  assert.ok(!lstatSync(join(root, "etc/motd")).isSymbolicLink());
  assert.ok(!existsSync(join(root, "etc/motd.system-manager-backup")));
  assert.ok(!existsSync(join(root, "etc/deep")));
});

test("a file we manage that someone edited is left alone, not deleted", { skip }, async () => {
  const root = makeTree({});
  await switchTo(root, [seedSystem, { environment: { etc: { "app.conf": { text: "v1\n", mode: "0644" } } } }]);
  assert.equal(read(root, "etc/app.conf"), "v1\n");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(join(root, "etc/app.conf"), "edited by hand\n");
  const r = await switchTo(root, [seedSystem]);
  assert.equal(read(root, "etc/app.conf"), "edited by hand\n");
  assert.match(renderPlan(r.plan), /- \/etc\/app.conf no longer managed: it was changed since system-manager wrote it/);
});

test("a uid that differs from an existing user's is an error before any write", { skip }, async () => {
  const root = makeTree(debianEtc);
  const before = snapshot(root);
  const admin = { users: { users: { admin: { isNormalUser: true, uid: 1001, group: "admin" } }, groups: { admin: {} } } };
  await assert.rejects(switchTo(root, [seedSystem, admin]), /Cannot change the uid of existing user admin from 1000 to 1001/);
  assert.deepEqual(snapshot(root, [STATE]), before);
});

test("a uid already used by another account is an error: root's uid 0 at build, as on NixOS; a host account's uid when planning", { skip }, async () => {
  const root = makeTree(debianEtc);
  const bob = (uid: number) => ({ users: { users: { bob: { isSystemUser: true, uid, group: "alice" } } } });
  await assert.rejects(switchTo(root, [seedSystem, bob(0)]), /UIDs and GIDs must be unique!\n {2}Duplicate uid 0 \(bob, root\)/);
  await assert.rejects(switchTo(root, [seedSystem, bob(1)]), /Cannot create user bob with uid 1: uid 1 belongs to user daemon/);
});

test("switch then rollback gives back the tree of the first generation", { skip }, async () => {
  const root = makeTree(debianEtc);
  await switchTo(root, [seedSystem, { environment: { etc: { "a.conf": { text: "a\n" } } } }]);
  const afterFirst = snapshot(root, [STATE, "/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-"]);
  await switchTo(root, [seedSystem, { environment: { etc: { "b.conf": { text: "b\n" }, motd: { text: "x\n", replaceExisting: true } } } }]);
  const gens = listGenerations(new RootFs(root), () => 0);
  assert.deepEqual(gens.map((g) => [g.number, g.current]), [[1, false], [2, true]]);
  const r = await activate(world(root), { storePath: (gens[0] as { storePath: string }).storePath, generation: 1 }, false);
  assert.equal(r.plan.generation.number, 1);
  assert.deepEqual(snapshot(root, [STATE, "/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-"]), afterFirst);
});

test("switch then deactivate gives back the original tree, apart from locked users (homes we made are removed while empty)", { skip }, async () => {
  const root = makeTree(debianEtc);
  const original = snapshot(root);
  await switchTo(root, [seedSystem, { environment: { etc: { motd: { text: "x\n", replaceExisting: true } } }, users: { groups: { sudo: { members: ["alice"] } } } }]);
  const planned = await activate(world(root), "nothing", true);
  await activate(world(root), "nothing", false);
  // The state deactivate writes is the one its plan shows: nothing managed.
  assert.deepEqual(readState(new RootFs(root)), planned.plan.state);
  assert.deepEqual([planned.plan.state.generation, planned.plan.state.files, planned.plan.state.homeGenerations], [null, {}, {}]);
  const after = snapshot(root, [STATE, "/etc/passwd-", "/etc/group-", "/etc/shadow-", "/etc/gshadow-"]);
  const expected = { ...original };
  expected["/etc/passwd"] = original["/etc/passwd"] + "alice:x:5000:5000::/home/alice:/bin/bash\n";
  // Groups are never deleted: alice's and the default groups Debian lacked stay, empty.
  expected["/etc/group"] = original["/etc/group"] + "alice:x:5000:\n" + DEFAULT_GROUPS_ADDED;
  expected["/etc/gshadow"] = original["/etc/gshadow"] + ["alice", ...DEFAULT_GROUPS_ADDED.split("\n").filter((l) => l !== "").map((l) => l.split(":")[0])].map((g) => `${g}:!*::\n`).join("");
  expected["/etc/shadow"] = original["/etc/shadow"] + "alice:!*:20781::::::\n";
  // The empty lock file of lckpwdf's convention stays, as every shadow tool leaves it.
  delete after["/etc/.pwd.lock"];
  assert.deepEqual(after, expected);
});

test("--dry-run plans exactly what switch applies, and writes nothing", { skip }, async () => {
  const root = makeTree(debianEtc);
  const storePath = await build(root, [seedSystem]);
  const before = snapshot(root);
  const dry = await activate(world(root), { storePath }, true);
  assert.deepEqual(snapshot(root), before);
  const real = await activate(world(root), { storePath }, false);
  assert.equal(renderPlan(real.plan), renderPlan(dry.plan));
  assert.deepEqual(real.plan, dry.plan);
});

test("a home that is a symlink is refused before any write", { skip }, async () => {
  const root = makeTree({ "home/alice": { link: "/etc" } });
  const storePath = await build(root, [seedSystem]);
  const before = snapshot(root);
  await assert.rejects(activate(world(root), { storePath }, false), /Cannot use \/home\/alice as the home of alice: it is a symlink/);
  assert.deepEqual(snapshot(root), before);
});

test("a non-UTF-8 /etc/passwd is never rewritten", { skip }, async () => {
  const root = makeTree({});
  const { writeFileSync } = await import("node:fs");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/passwd"), Buffer.concat([Buffer.from("root:x:0:0:Jos"), Buffer.from([0xe9]), Buffer.from(":/root:/bin/bash\n")]));
  const storePath = await build(root, [seedSystem]);
  const before = snapshot(root);
  await assert.rejects(activate(world(root), { storePath }, false), /Cannot read \/etc\/passwd: it is not valid UTF-8 \(byte 0xe9 at offset 14\)/);
  assert.deepEqual(snapshot(root), before);
});

test("deactivate keeps a home that holds files: nothing of a user's is deleted", { skip }, async () => {
  const root = makeTree({});
  await switchTo(root, [seedSystem]);
  const { writeFileSync } = await import("node:fs");
  writeFileSync(join(root, "home/alice/notes.txt"), "mine\n");
  const r = await activate(world(root), "nothing", false);
  assert.match(renderPlan(r.plan), /- \/home\/alice \(if still empty\)/);
  assert.equal(read(root, "home/alice/notes.txt"), "mine\n");
});

test("links inside an /etc source are linked to, never read: a dangling one and one leaving the root switch; copy mode refuses them", { skip }, async () => {
  const { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const src = mkdtempSync(join(tmpdir(), "sm-etc-src-"));
  mkdirSync(join(src, "foo"));
  writeFileSync(join(src, "foo", "plain"), "plain\n");
  symlinkSync("/nonexistent/target", join(src, "foo", "dangling"));
  symlinkSync("/etc/hostname", join(src, "foo", "host"));
  const root = makeTree({});
  const r = await switchTo(root, [{ nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { etc: { foo: { source: join(src, "foo") } } } }]);
  assert.equal(read(root, "etc/foo/plain"), "plain\n");
  assert.equal(readlinkSync(join(root, readlinkSync(join(root, "etc/foo/dangling")))), "/nonexistent/target");
  assert.equal(readlinkSync(join(root, "etc/foo/host")), `${r.storePath}/etc/foo/host`);
  await assert.rejects(switchTo(makeTree({}), [{ nixpkgs: { hostPlatform: "x86_64-linux" }, environment: { etc: { foo: { source: join(src, "foo"), mode: "0644" } } } }]), /Cannot copy .*\/foo\/dangling to \/etc\/foo\/dangling \(mode 0644\): it is a symlink/);
});

test("an account file edited by another program between planning and writing is left alone, and the switch says so", { skip }, async () => {
  const { applyPlan } = await import("../../src/activate/apply.ts");
  const { appendFileSync } = await import("node:fs");
  const root = makeTree(debianEtc);
  const storePath = await build(root, [seedSystem]);
  const { plan } = await activate(world(root), { storePath }, true);
  appendFileSync(join(root, "etc/passwd"), "bob:x:1001:1001::/home/bob:/bin/sh\n");
  const edited = readFileSync(join(root, "etc/passwd"), "utf8");
  const w = world(root);
  await assert.rejects(
    applyPlan(w.fs, plan, readState(w.fs), { log: w.log, services: w.services }),
    /Cannot write the account files: \/etc\/passwd changed while the switch was running .* Run the switch again\./,
  );
  assert.equal(readFileSync(join(root, "etc/passwd"), "utf8"), edited);
  // Run again, the switch plans from the edited file and keeps bob.
  await switchTo(root, [seedSystem]);
  assert.match(read(root, "etc/passwd"), /^bob:x:1001:1001::\/home\/bob:\/bin\/sh\nalice:x:5000/m);
});
