import { test } from "node:test";
import assert from "node:assert/strict";
import { planUsers, type UsersInput } from "./users-plan.ts";
import { parseAccountFile, renderAccountFile } from "../users/account-files.ts";
import type { GroupEntry, UserEntry } from "../../build/manifest.ts";

const user = (name: string, over: Partial<UserEntry> = {}): UserEntry => ({
  name,
  uid: null,
  group: name,
  extraGroups: [],
  description: "",
  home: `/home/${name}`,
  createHome: true,
  homeMode: "700",
  shell: "/bin/bash",
  isSystemUser: false,
  isNormalUser: true,
  hashedPassword: null,
  hashedPasswordFile: null,
  password: null,
  initialPassword: null,
  initialHashedPassword: null,
  linger: false,
  defaulted: [],
  ...over,
});
const group = (name: string, gid: number | null = null, members: string[] = []): GroupEntry => ({ name, gid, members });

function input(over: Partial<UsersInput> & { passwd?: string; group?: string; shadow?: string; gshadow?: string }): UsersInput {
  return {
    files: {
      passwd: parseAccountFile("passwd", "/etc/passwd", Buffer.from(over.passwd ?? "root:x:0:0:root:/root:/bin/bash\n")),
      group: parseAccountFile("group", "/etc/group", Buffer.from(over.group ?? "root:x:0:\n")),
      shadow: parseAccountFile("shadow", "/etc/shadow", Buffer.from(over.shadow ?? "root:*:19000:0:99999:7:::\n")),
      gshadow: over.gshadow === undefined ? undefined : parseAccountFile("gshadow", "/etc/gshadow", Buffer.from(over.gshadow)),
    },
    users: over.users ?? [],
    groups: over.groups ?? [],
    state: over.state ?? { users: [], groups: [], memberships: {}, locked: [] },
    hashes: over.hashes ?? new Map(),
    initialHashes: over.initialHashes ?? new Map(),
    today: 20000,
  };
}

test("planUsers(): explicit ids are reserved before automatic allocation", () => {
  const p = planUsers(input({ users: [user("aaa", { group: "g" }), user("bbb", { uid: 1000, group: "g" })], groups: [group("g", 1000)] }));
  assert.match(renderAccountFile(p.files.passwd), /^aaa:x:1001:1000:/m);
  assert.match(renderAccountFile(p.files.passwd), /^bbb:x:1000:1000:/m);
});

test("planUsers(): system users and groups without ids take the highest free id below 1000", () => {
  const p = planUsers(input({ group: "root:x:0:\ntaken:x:999:\n", users: [user("svc", { isNormalUser: false, isSystemUser: true })], groups: [group("svc")] }));
  assert.match(renderAccountFile(p.files.group), /^svc:x:998:$/m);
  assert.match(renderAccountFile(p.files.passwd), /^svc:x:999:998:/m);
});

test("planUsers(): a user dropped from the configuration is locked and leaves the groups we added it to", () => {
  const p = planUsers(
    input({
      passwd: "root:x:0:0::/root:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n",
      group: "root:x:0:\nbob:x:1001:\nsudo:x:27:admin,bob\n",
      shadow: "root:*:1::::::\nbob:$y$hash:1::::::\n",
      state: { users: ["bob"], groups: ["bob"], memberships: { sudo: ["bob"] }, locked: [] },
    }),
  );
  assert.match(renderAccountFile(p.files.shadow), /^bob:!\$y\$hash:1::::::$/m);
  assert.match(renderAccountFile(p.files.group), /^sudo:x:27:admin$/m);
  assert.match(renderAccountFile(p.files.passwd), /^bob:x:1001:/m, "the account itself is kept");
  assert.deepEqual(p.state.locked, ["bob"]);
  const back = planUsers(
    input({
      passwd: renderAccountFile(p.files.passwd),
      group: renderAccountFile(p.files.group),
      shadow: renderAccountFile(p.files.shadow),
      users: [user("bob", { uid: 1001 })],
      groups: [group("bob")],
      state: { ...p.state },
    }),
  );
  assert.match(renderAccountFile(back.files.shadow), /^bob:\$y\$hash:1::::::$/m, "unlocked when it comes back");
});

test("planUsers(): members already in a declared group are kept; only ours are removed", () => {
  const files = { group: "root:x:0:\nsudo:x:27:admin\n" };
  const p = planUsers(input({ ...files, groups: [group("sudo", null, ["alice"])], users: [user("alice", { group: "sudo" })] }));
  assert.match(renderAccountFile(p.files.group), /^sudo:x:27:admin,alice$/m);
  const q = planUsers(input({ group: renderAccountFile(p.files.group), groups: [group("sudo")], state: p.state }));
  assert.match(renderAccountFile(q.files.group), /^sudo:x:27:admin$/m);
});

test("planUsers(): ids of existing accounts are never changed; a taken id is refused", () => {
  assert.throws(
    () => planUsers(input({ passwd: "root:x:0:0::/root:/bin/bash\nalice:x:1001:1001::/home/alice:/bin/bash\n", group: "alice:x:1001:\n", users: [user("alice", { uid: 5000 })], groups: [group("alice")] })),
    /Cannot change the uid of existing user alice from 1001 to 5000/,
  );
  assert.throws(() => planUsers(input({ users: [user("evil", { uid: 0, group: "root", isNormalUser: false })] })), /Cannot create user evil with uid 0: uid 0 belongs to user root/);
  assert.throws(() => planUsers(input({ groups: [group("g", 0)] })), /Cannot create group g with gid 0: gid 0 belongs to group root/);
});

test("planUsers(): a description, home or shell with a colon or newline is refused, all reported together", () => {
  assert.throws(
    () => planUsers(input({ users: [user("a", { description: "x\nroot:x:0:0::/:/bin/sh", group: "root" }), user("b", { home: "/h:x", group: "root" })] })),
    (e: Error) => /user a: its description/.test(e.message) && /user b: its home/.test(e.message),
  );
});

test("planUsers(): gshadow mirrors the groups we create and change", () => {
  const p = planUsers(input({ gshadow: "root:*::\n", groups: [group("g", 2000, ["root"])] }));
  assert.equal(renderAccountFile(p.files.gshadow!), "root:*::\ng:!*::root\n");
});

test("planUsers(): new users get the given hash, else the initial one, else no password", () => {
  const p = planUsers(
    input({
      users: [user("a", { group: "root" }), user("b", { group: "root" }), user("c", { group: "root" })],
      hashes: new Map([["a", "$y$A"]]),
      initialHashes: new Map([["b", "$y$B"]]),
    }),
  );
  const shadow = renderAccountFile(p.files.shadow);
  assert.match(shadow, /^a:\$y\$A:20000::::::$/m);
  assert.match(shadow, /^b:\$y\$B:20000::::::$/m);
  assert.match(shadow, /^c:!\*:20000::::::$/m);
});
