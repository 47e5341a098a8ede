/**
 * A store or state directory someone else could write is not trusted:
 * the build refuses to write the store and activation refuses to run,
 * changing nothing, when the store, the state directory, /etc/profiles or
 * any of their parents up to the root is group- or world-writable or
 * owned by another non-root user (as sshd's StrictModes).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, switchTo } from "../helpers/system.ts";
import { checkTrust } from "../../src/activate/trust-check.ts";
import { activateHere } from "../../src/cli/activate-here.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { textFileTree } from "../../src/store/text-store-path.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { main } from "../../src/cli/main.ts";

const SM = "var/lib/system-manager";
const io = () => {
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: {}, cwd: "/" };
  return r;
};
/** A root with a store and a state directory as a switch leaves them (0755, ours). */
function trustedRoot(): string {
  const root = makeTree({ [`${SM}/state/system-manager-state.json`]: "{}\n", [`${SM}/profiles/.keep`]: "", "etc/profiles/per-user/.keep": "" });
  mkdirSync(join(root, SM, "store"), { mode: 0o755 });
  return root;
}

test("a fresh root under /tmp (1777) and a root as a switch leaves it are trusted", () => {
  checkTrust(mkdtempSync(join(tmpdir(), "sm-trust-")));
  checkTrust(trustedRoot());
});

test("a world-writable state directory (0777): the build writes nothing and activation refuses, changing nothing", { skip: isRoot ? false : "needs root (switch chowns)" }, async () => {
  const root = makeTree({});
  const { storePath } = await switchTo(root, [seedSystem]);
  chmodSync(join(root, SM, "state"), 0o777);
  // What another user could now do: rewrite the state file to have root delete /etc/passwd.
  writeFileSync(join(root, SM, "state/system-manager-state.json"), JSON.stringify({ version: 1, generation: null, files: { "/etc/passwd": { kind: "symlink", target: "x" } }, backups: {}, directories: [], users: [], groups: [], memberships: {}, locked: [] }));
  const before = snapshot(root);
  await assert.rejects(build(root, [seedSystem, { environment: { etc: { extra: { text: "x\n" } } } }]), (e: unknown) => e instanceof UserError && /Cannot trust '\/var\/lib\/system-manager\/state' under .*: it is world-writable \(mode 0777\)/.test(e.message));
  const x = io();
  await assert.rejects(activateHere({ root, target: { storePath }, dryRun: false }, x), /Cannot trust '\/var\/lib\/system-manager\/state'.*world-writable/);
  assert.deepEqual(snapshot(root), before);
});

test("a world-writable sticky store (1777): nothing is written to it, nothing activated", { skip: isRoot ? false : "needs root (switch chowns)" }, async () => {
  const root = makeTree({});
  const storePath = await build(root, [seedSystem]);
  chmodSync(join(root, SM, "store"), 0o1777);
  const before = snapshot(root);
  await assert.rejects(writeStorePath(root, "planted", textFileTree("hi\n")), /Cannot trust '\/var\/lib\/system-manager\/store' under .*: it is world-writable \(mode 1777\)/);
  await assert.rejects(activateHere({ root, target: { storePath }, dryRun: false }, io()), /Cannot trust '\/var\/lib\/system-manager\/store'/);
  assert.deepEqual(snapshot(root), before);
});

test("a group-writable /etc/profiles and a state file others may write are refused, all problems at once", () => {
  const root = trustedRoot();
  chmodSync(join(root, "etc/profiles"), 0o775);
  chmodSync(join(root, SM, "state/system-manager-state.json"), 0o666);
  assert.throws(() => checkTrust(root), (e: unknown) => {
    const m = (e as Error).message;
    return /'\/etc\/profiles' under .*: it is group-writable \(mode 0775\)/.test(m) && /'\/var\/lib\/system-manager\/state\/system-manager-state.json' under .*: it is world-writable/.test(m);
  });
});

test("a parent of the store and state directory owned by another user is refused", { skip: isRoot ? false : "needs root (chown)" }, async () => {
  const root = trustedRoot();
  chownSync(join(root, "var/lib"), 4242, 4242);
  assert.throws(() => checkTrust(root), /Cannot trust '\/var\/lib' under .*: it is owned by uid 4242, not by root/);
  await assert.rejects(writeStorePath(root, "x", textFileTree("x\n")), /owned by uid 4242/);
  assert.deepEqual(readdirSync(join(root, SM, "store")), []);
});

test("the root itself owned by another user, or under a parent others may write (not sticky), is refused", { skip: isRoot ? false : "needs root (chown)" }, () => {
  const owned = trustedRoot();
  chownSync(owned, 4242, 4242);
  assert.throws(() => checkTrust(owned), /Cannot trust '\/' under .*: it is owned by uid 4242/);
  const open = mkdtempSync(join(tmpdir(), "sm-open-"));
  chmodSync(open, 0o777);
  const root = join(open, "root");
  mkdirSync(root);
  assert.throws(() => checkTrust(root), /Cannot trust '.*sm-open-[^']*', a parent of the root .*: it is world-writable \(mode 0777\)/);
  chmodSync(open, 0o1777);
  checkTrust(root);
});

test("gc refuses to run on a store whose roots another user could change", async () => {
  const root = trustedRoot();
  chmodSync(join(root, SM, "profiles"), 0o777);
  const x = io();
  assert.equal(await main(["gc", "--root", root], x), 1);
  assert.match(x.err, /Cannot trust '\/var\/lib\/system-manager\/profiles' under .*: it is world-writable/);
});

test("a root given as a symlink is refused with the directory to give instead", async () => {
  const real = trustedRoot();
  const link = join(mkdtempSync(join(tmpdir(), "sm-link-")), "root");
  symlinkSync(real, link);
  assert.throws(() => checkTrust(link), /Cannot trust '\/' under .*: the root itself is a symlink .*; give the directory it points to/);
});

test("a file where the state directory goes is refused as a file, to move aside (no owner or mode would fix it), and a switch over it changes nothing", async () => {
  const root = makeTree({ "etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "etc/group": "root:x:0:\n", [SM]: "not a directory\n" });
  assert.throws(() => checkTrust(root), { message: `Cannot use '/${SM}' under ${root}: it is not a directory; move it aside, and system-manager makes what it keeps there` });
  const before = snapshot(root);
  const config = join(import.meta.dirname, "../../examples/home-manager/system.config.ts");
  const r = io();
  r.env = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-cache-")), SYSTEM_MANAGER_PACKAGES: "off" };
  assert.equal(await main(["switch", "--config", config, "--root", root], r), 1, r.err);
  assert.match(r.err, /it is not a directory; move it aside/);
  assert.deepEqual(snapshot(root), before);
});
