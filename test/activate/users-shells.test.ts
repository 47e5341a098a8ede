/**
 * A shell package on a Debian host's accounts: passwd names it in the
 * system profile (/run/system-manager/sw/bin/zsh; that the profile links
 * it is test/e2e/docs-users.e2e.ts's, with real packages); an
 * account that existed before keeps its own shell unless the
 * configuration gives one, and gets it back when dropped; the same
 * configuration again is an empty plan; rollback puts the earlier shell
 * back; /etc/shells stays the host's. An account we created and lock
 * (dropped, or deactivate) is not left with a shell that goes with the
 * profile: it gets the host's /bin/zsh when there is one, else /bin/sh.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo, world } from "../helpers/system.ts";
import { debianEtc } from "../fixtures/debian12-etc.ts";
import { activate } from "../../src/activate/activate.ts";
import { isEmptyPlan } from "../../src/activate/plan/empty-plan.ts";
import { listGenerations } from "../../src/activate/generations.ts";
import { RootFs } from "../../src/activate/root-fs.ts";

const skip = isRoot ? false : "needs root (chown to other users)";
type Pkgs = Record<string, unknown>;
const SHELLS = "# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n";
const shellOf = (root: string, name: string) => readFileSync(join(root, "etc/passwd"), "utf8").match(new RegExp(`^${name}:(?:[^:\n]*:){5}([^:\n]*)$`, "m"))?.[1];

/** bob (new) and admin (on the host before us) declared; `admin` adds to admin's declaration. */
const config = (bob: (pkgs: Pkgs) => unknown, admin: (pkgs: Pkgs) => object = () => ({})) => ({ pkgs }: { pkgs: Pkgs }) => ({
  users: {
    users: {
      bob: { isNormalUser: true, shell: bob(pkgs), ignoreShellProgramCheck: true },
      admin: { isNormalUser: true, ignoreShellProgramCheck: true, ...admin(pkgs) },
    },
  },
});

test("pkgs.zsh: bob's passwd shell is /run/system-manager/sw/bin/zsh, admin keeps /bin/bash; /etc/shells untouched; a second switch is empty", { skip }, async () => {
  const root = makeTree({ ...debianEtc, "etc/shells": SHELLS });
  await switchTo(root, [seedSystem, config((pkgs) => pkgs.zsh)]);
  assert.equal(shellOf(root, "bob"), "/run/system-manager/sw/bin/zsh");
  assert.equal(shellOf(root, "admin"), "/bin/bash", "a shell left to its default keeps the host's");
  assert.equal(readFileSync(join(root, "etc/shells"), "utf8"), SHELLS);
  const again = await switchTo(root, [seedSystem, config((pkgs) => pkgs.zsh)]);
  assert.ok(isEmptyPlan(again.plan));
});

test("an account that existed before gets the profile's zsh only when configured, and /bin/bash back when dropped; rollback restores the earlier shells", { skip }, async () => {
  const root = makeTree(debianEtc);
  await switchTo(root, [seedSystem, config((pkgs) => pkgs.zsh, (pkgs) => ({ shell: pkgs.zsh }))]);
  assert.equal(shellOf(root, "admin"), "/run/system-manager/sw/bin/zsh");
  await switchTo(root, [seedSystem, config(() => "/bin/sh")]);
  assert.deepEqual([shellOf(root, "bob"), shellOf(root, "admin")], ["/bin/sh", "/bin/bash"]);
  const first = listGenerations(new RootFs(root), () => 0)[0] as { storePath: string };
  await activate(world(root), { storePath: first.storePath, generation: 1 }, false);
  assert.deepEqual([shellOf(root, "bob"), shellOf(root, "admin")], ["/run/system-manager/sw/bin/zsh", "/run/system-manager/sw/bin/zsh"]);
  await activate(world(root), "nothing", false);
  assert.equal(shellOf(root, "admin"), "/bin/bash", "deactivate gives admin its own shell back");
});

test("a created account dropped from the configuration, or deactivated, gets the host's shell for the profile's: /bin/zsh when the host has it, else /bin/sh", { skip }, async () => {
  const root = makeTree({ ...debianEtc, "usr/bin/sh": "", "bin": { link: "usr/bin" } });
  const carol = ({ pkgs }: { pkgs: Pkgs }) => ({ users: { users: { carol: { isNormalUser: true, shell: pkgs.zsh, ignoreShellProgramCheck: true } } } });
  await switchTo(root, [seedSystem, config((pkgs) => pkgs.zsh), carol]);
  const dropped = await switchTo(root, [seedSystem, carol]);
  assert.equal(shellOf(root, "bob"), "/bin/sh", "no zsh on the host: its /bin/sh (through the /bin link)");
  assert.ok(dropped.plan.users.changes.some((c) => c.op === "update-user" && c.name === "bob" && c.fields[0] === "shell /bin/sh (the system profile's /run/system-manager/sw/bin/zsh goes with the configuration)"));
  assert.match(readFileSync(join(root, "etc/shadow"), "utf8"), /^bob:!/m, "and locked");
  writeFileSync(join(root, "usr/bin/zsh"), "");
  await activate(world(root), "nothing", false);
  assert.equal(shellOf(root, "carol"), "/bin/zsh", "the host's zsh");
  assert.equal(shellOf(root, "admin"), "/bin/bash");
});
