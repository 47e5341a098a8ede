/**
 * An account that existed before us keeps what the configuration leaves
 * to defaults (#15): on a Debian 12 tree, declaring root (as every
 * configuration does, with its authorized keys) and nobody changes
 * nothing of them; an administrator declared as a normal user keeps his
 * GECOS, primary group, home and shell. A field the configuration sets is
 * applied and recorded; left to its default again, it gets the value
 * found before us back, and is then the host's again (a later chsh stays). --dry-run plans what switch applies, switch twice
 * plans nothing, and deactivate gives back the files we started with,
 * also after a switch killed at any write.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo, world } from "../helpers/system.ts";
import { debianEtc, debianPasswd, debianShadow } from "../fixtures/debian12-etc.ts";
import { activate } from "../../src/activate/activate.ts";
import { isEmptyPlan } from "../../src/activate/plan/empty-plan.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { readState } from "../../src/activate/state.ts";
import { deactivate, prepare, switchTo as switchCmd } from "./crash-scenarios.ts";
import { Crash, CrashingFs, QuickFs, cloneTree } from "./crash-harness.ts";

const skip = isRoot ? false : "needs root (chown to other users)";
const read = (root: string, f: string) => readFileSync(join(root, "etc", f), "utf8");
const line = (root: string, f: string, name: string) => read(root, f).split("\n").find((l) => l.startsWith(`${name}:`));
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGwuVmBTHPQhP7Fq2AJqTJcNpUNV3Ka0Jz2mjKDtvFrK me@laptop";
const ALICE = "alice:x:5000:5000::/home/alice:/bin/bash\n";
const rootKeys = { users: { users: { root: { openssh: { authorizedKeys: { keys: [KEY] } }, packages: [] } } } };
const admin = (over: object = {}) => ({ users: { users: { admin: { isNormalUser: true, extraGroups: ["wheel"], ...over } } } });

test("declaring root and nobody changes nothing of them: --dry-run and switch plan no change for them, switch twice plans nothing, deactivate gives the files back", { skip }, async () => {
  const root = makeTree(debianEtc);
  const config = [seedSystem, rootKeys];
  const dry = await switchTo(root, config, { dryRun: true });
  const { plan } = await switchTo(root, config);
  assert.deepEqual(plan.users.changes, dry.plan.users.changes, "--dry-run plans what switch applies");
  assert.ok(!plan.users.changes.some((c) => c.name === "root" || c.name === "nobody"), JSON.stringify(plan.users.changes));
  assert.equal(read(root, "passwd"), debianPasswd + ALICE);
  assert.ok(read(root, "shadow").startsWith(debianShadow));
  assert.deepEqual(readState(new RootFs(root)).adopted, { nobody: {}, root: {} });
  const again = await switchTo(root, config);
  assert.ok(isEmptyPlan(again.plan), "switch twice: nothing to do");
  await activate(world(root), "nothing", false);
  assert.equal(read(root, "passwd"), debianPasswd + ALICE);
  assert.equal(line(root, "shadow", "root"), "root:*:19500:0:99999:7:::", "root is not locked");
  assert.equal(line(root, "shadow", "nobody"), "nobody:*:19500:0:99999:7:::", "nobody is not locked");
});

test("a field of root the configuration sets is applied and recorded; left to its default again, root gets the value found back", { skip }, async () => {
  const root = makeTree(debianEtc);
  await switchTo(root, [seedSystem, { users: { users: { root: { shell: "/bin/sh" } } } }]);
  assert.equal(line(root, "passwd", "root"), "root:x:0:0:root:/root:/bin/sh", "the shell as configured; GECOS, home and group as found");
  assert.deepEqual(readState(new RootFs(root)).adopted.root, { shell: "/bin/bash" });
  const { plan } = await switchTo(root, [seedSystem]);
  assert.deepEqual(plan.users.changes.filter((c) => c.name === "root"), [{ op: "update-user", name: "root", fields: ["shell"] }]);
  assert.equal(line(root, "passwd", "root"), "root:x:0:0:root:/root:/bin/bash");
  assert.deepEqual(readState(new RootFs(root)).adopted.root, {}, "given back, the shell is no longer ours");
  assert.ok(isEmptyPlan((await switchTo(root, [seedSystem])).plan));
  // The host's own change after that (chsh) is the host's: neither a switch nor deactivate undoes it.
  writeFileSync(join(root, "etc/passwd"), read(root, "passwd").replace("root:x:0:0:root:/root:/bin/bash", "root:x:0:0:root:/root:/bin/zsh"));
  assert.ok(isEmptyPlan((await switchTo(root, [seedSystem])).plan));
  await activate(world(root), "nothing", false);
  assert.equal(read(root, "passwd"), debianPasswd.replace("root:x:0:0:root:/root:/bin/bash", "root:x:0:0:root:/root:/bin/zsh") + ALICE);
});

test("an administrator declared as a normal user keeps his GECOS, primary group, home and shell; a user we create gets the defaults", { skip }, async () => {
  const root = makeTree(debianEtc);
  const config = [seedSystem, admin(), { users: { users: { carol: { isNormalUser: true } } } }];
  const { plan } = await switchTo(root, config);
  assert.equal(line(root, "passwd", "admin"), "admin:x:1000:1000:Admin,,,:/home/admin:/bin/bash");
  assert.ok(!plan.users.changes.some((c) => c.op === "update-user" && c.name === "admin"), JSON.stringify(plan.users.changes));
  assert.match(line(root, "group", "wheel") ?? "", /^wheel:x:900:admin$/);
  assert.match(line(root, "passwd", "carol") ?? "", /^carol:x:1001:100::\/home\/carol:\/bin\/bash$/);
  assert.ok(isEmptyPlan((await switchTo(root, config)).plan), "switch twice: nothing to do");
  // Set by the configuration, the fields are applied, and given back on deactivate.
  await switchTo(root, [seedSystem, admin({ description: "The Admin", home: "/srv/admin", group: "users" })]);
  assert.equal(line(root, "passwd", "admin"), "admin:x:1000:100:The Admin:/srv/admin:/bin/bash");
  await activate(world(root), "nothing", false);
  assert.equal(line(root, "passwd", "admin"), "admin:x:1000:1000:Admin,,,:/home/admin:/bin/bash");
});

test("a switch giving root's shell back, killed at any write: switching again gives it back, and deactivate gives Debian's passwd back", { skip }, async () => {
  const { root: template, paths } = await prepare([[seedSystem, { users: { users: { root: { shell: "/bin/sh" } } } }], [seedSystem]], 1);
  for (let crashAt = 0; ; crashAt++) {
    const root = cloneTree(template);
    try {
      await switchCmd(paths[1] as string)(root, new CrashingFs(root, crashAt));
      assert.ok(crashAt > 3, `the switch makes ${crashAt} writes`);
      return;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    await switchCmd(paths[1] as string)(root, new QuickFs(root));
    assert.equal(line(root, "passwd", "root"), "root:x:0:0:root:/root:/bin/bash", `after a kill at write ${crashAt}`);
    await deactivate(root, new QuickFs(root));
    assert.ok(read(root, "passwd").startsWith(debianPasswd), `root as Debian has it after deactivate, after a kill at write ${crashAt}`);
    rmSync(root, { recursive: true, force: true });
  }
});
