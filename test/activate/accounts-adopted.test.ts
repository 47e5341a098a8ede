/**
 * Accounts that existed before system-manager (root, an administrator)
 * are left as they were found: what we changed of them is recorded the
 * first time we change it and put back when they leave the configuration
 * or on deactivate, also after a crash at any write; they are never
 * locked. Only accounts system-manager created are locked when dropped.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { seedSystem, switchTo, world } from "../helpers/system.ts";
import { debianEtc, debianPasswd, debianShadow } from "../fixtures/debian12-etc.ts";
import { activate } from "../../src/activate/activate.ts";
import { RootFs, type WriteOptions } from "../../src/activate/root-fs.ts";
import { readState } from "../../src/activate/state.ts";
import { planUsers, type UsersInput } from "../../src/activate/plan/users-plan.ts";
import { parseAccountFile, renderAccountFile } from "../../src/activate/users/account-files.ts";
import type { UserEntry } from "../../src/build/manifest.ts";

const skip = isRoot ? false : "needs root (chown to other users)";
const read = (root: string, f: string) => readFileSync(join(root, "etc", f), "utf8");

const rootUser = { uid: 0, group: "root", isSystemUser: true, home: "/root", description: "System administrator", shell: "/bin/sh", hashedPassword: "$6$new$hash" };
const withRoot = [
  seedSystem,
  { users: { groups: { root: { gid: 0 } }, users: { root: rootUser, alice: { hashedPassword: "$6$alice" } } } },
];

test("deactivate after declaring root gives root back exactly as found (not locked); alice, whom we created, is locked", { skip }, async () => {
  const root = makeTree(debianEtc);
  await switchTo(root, withRoot);
  assert.match(read(root, "shadow"), /^root:\$6\$new\$hash:19500:0:99999:7:::$/m);
  assert.match(read(root, "passwd"), /^root:x:0:0:System administrator:\/root:\/bin\/sh$/m);
  // nobody is declared by every configuration (users-host-accounts.ts) and adopted with nothing changed.
  assert.deepEqual(readState(new RootFs(root)).adopted, { nobody: {}, root: { description: "root", shell: "/bin/bash", hash: "*" } });
  const { plan } = await activate(world(root), "nothing", false);
  assert.ok(plan.users.changes.some((c) => c.op === "update-user" && c.name === "root" && /^description, shell, password restored as found before system-manager/.test(c.fields[0] ?? "")));
  assert.equal(read(root, "passwd"), debianPasswd + "alice:x:5000:5000::/home/alice:/bin/bash\n");
  assert.equal(read(root, "shadow"), debianShadow + "alice:!$6$alice:20781::::::\n");
  assert.deepEqual(readState(new RootFs(root)).adopted, {});
});

test("an administrator dropped from the configuration gets back the first values we changed, across switches", { skip }, async () => {
  const root = makeTree(debianEtc);
  const admin = (over: object) => ({ users: { groups: { admin: {} }, users: { admin: { isNormalUser: true, group: "admin", ...over } } } });
  await switchTo(root, [seedSystem, admin({ description: "Admin One", hashedPassword: "$6$one" })]);
  await switchTo(root, [seedSystem, admin({ description: "Admin Two", hashedPassword: "$6$two", shell: "/bin/zsh", useDefaultShell: false })]);
  assert.match(read(root, "passwd"), /^admin:x:1000:1000:Admin Two:\/home\/admin:\/bin\/zsh$/m);
  await switchTo(root, [seedSystem]);
  assert.equal(read(root, "passwd"), debianPasswd + "alice:x:5000:5000::/home/alice:/bin/bash\n");
  assert.ok(read(root, "shadow").startsWith(debianShadow), "admin's hash is the one found, and not locked");
  // Declared again later, it is adopted afresh: what it is now is what gets restored.
  await switchTo(root, [seedSystem, admin({ hashedPassword: "$6$three" })]);
  await activate(world(root), "nothing", false);
  assert.ok(read(root, "shadow").startsWith(debianShadow));
});

class Crash extends Error {}

/** A RootFs that stops before its N-th write. */
class CrashingFs extends RootFs {
  writes = 0;
  readonly crashAt: number;
  constructor(root: string, crashAt: number) {
    super(root);
    this.crashAt = crashAt;
  }
  step(): void {
    if (this.writes++ === this.crashAt) throw new Crash(`crash before write ${this.crashAt}`);
  }
  override writeFileAtomic(path: string, data: Buffer | string, opts: WriteOptions): void {
    this.step();
    super.writeFileAtomic(path, data, opts);
  }
  override mkdirs(path: string): string[] {
    this.step();
    return super.mkdirs(path);
  }
  override unlink(path: string): void {
    this.step();
    super.unlink(path);
  }
  override rename(from: string, to: string): void {
    this.step();
    super.rename(from, to);
  }
}

test("a deactivate interrupted at any write still gives root back on the next deactivate", { skip }, async () => {
  for (let crashAt = 0; crashAt < 40; crashAt++) {
    const root = makeTree(debianEtc);
    await switchTo(root, withRoot);
    try {
      await activate(world(root, new CrashingFs(root, crashAt)), "nothing", false);
      assert.ok(crashAt > 0, "deactivate made no write, so no kill was tried");
      return;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
    await activate(world(root), "nothing", false);
    assert.ok(read(root, "passwd").startsWith(debianPasswd), `root's passwd entry not restored after a crash at write ${crashAt}`);
    assert.ok(read(root, "shadow").startsWith(debianShadow), `root's shadow entry not restored after a crash at write ${crashAt}`);
  }
  assert.fail("deactivate never completed");
});

const user = (name: string, over: Partial<UserEntry> = {}): UserEntry => ({
  name, uid: null, group: name, extraGroups: [], description: "", home: `/home/${name}`, createHome: true, homeMode: "700", shell: "/bin/bash",
  isSystemUser: false, isNormalUser: true, hashedPassword: null, hashedPasswordFile: null, password: null, initialPassword: null,
  initialHashedPassword: null, linger: false, defaulted: [], ...over,
});
const input = (state: UsersInput["state"], users: UserEntry[] = []): UsersInput => ({
  files: {
    passwd: parseAccountFile("passwd", "/etc/passwd", Buffer.from("root:x:0:0:root:/root:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n")),
    group: parseAccountFile("group", "/etc/group", Buffer.from("root:x:0:\nbob:x:1001:\n")),
    shadow: parseAccountFile("shadow", "/etc/shadow", Buffer.from("root:$6$r:1::::::\nbob:$6$b:1::::::\n")),
    gshadow: undefined,
  },
  users, groups: [], state, hashes: new Map(), initialHashes: new Map(), today: 20000,
});

test("planUsers(): a state without `adopted` (written before it) treats its users as ours, as before, except that uid 0 is never locked; an adopted one is restored, never locked", () => {
  const old = planUsers(input({ users: ["root", "bob"], groups: [], memberships: {}, locked: [] }));
  assert.match(renderAccountFile(old.files.shadow), /^root:\$6\$r:1::::::\nbob:!\$6\$b:1::::::\n$/);
  assert.deepEqual(old.changes, [{ op: "lock-user", name: "bob" }]);
  const adopted = planUsers(input({ users: ["root", "bob"], groups: [], memberships: {}, locked: [], adopted: { root: { shell: "/bin/zsh" } } }));
  assert.match(renderAccountFile(adopted.files.passwd), /^root:x:0:0:root:\/root:\/bin\/zsh$/m);
  assert.match(renderAccountFile(adopted.files.shadow), /^root:\$6\$r:1::::::\nbob:!\$6\$b:1::::::\n$/);
  assert.deepEqual(adopted.state.adopted, {});
  // Declared for the first time while it exists: adopted, with only what changes recorded.
  const first = planUsers({ ...input({ users: [], groups: [], memberships: {}, locked: [] }, [user("bob", { description: "Bob" })]), groups: [{ name: "bob", gid: null, members: [] }] });
  assert.deepEqual(first.state.adopted, { bob: { description: "" } });
});

test("planUsers(): a damaged record of an adopted account in the state file is refused, not written back", () => {
  const adopted = { root: { shell: "/bin/sh\nevil:x:0:0::/:/bin/sh", hash: 5 }, bob: "x" } as never;
  assert.throws(() => planUsers(input({ users: ["root"], groups: [], memberships: {}, locked: [], adopted })), (e: Error) => {
    assert.match(e.message, /Cannot use the state file's record of user root \(adopted\.root\.shell\): it contains a ":"/);
    assert.match(e.message, /\(adopted\.root\.hash\): it is not a string/);
    assert.match(e.message, /\(adopted\.bob\): it is not a field system-manager records; the state file is damaged, restore it/);
    return true;
  });
});
