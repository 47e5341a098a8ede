/**
 * Hostile or malformed account data (issue #11): values that would inject
 * fields or members into passwd/group/shadow/gshadow are refused at
 * evaluation (with the option's definition site) and again by the planner
 * (a hand-made manifest); malformed lines already in the files are never
 * duplicated; a file without a final newline is read line by line.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { planUsers, type UsersInput } from "../../src/activate/plan/users-plan.ts";
import { parseAccountFile, renderAccountFile, usedIds } from "../../src/activate/users/account-files.ts";
import type { GroupEntry, UserEntry } from "../../src/build/manifest.ts";
import { makeTree, snapshot, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, switchTo } from "../helpers/system.ts";

const user = (name: string, over: Partial<UserEntry> = {}): UserEntry => ({
  name, uid: null, group: name, extraGroups: [], description: "", home: `/home/${name}`, createHome: true, homeMode: "700", shell: "/bin/bash",
  isSystemUser: false, isNormalUser: true, hashedPassword: null, hashedPasswordFile: null, password: null, initialPassword: null,
  initialHashedPassword: null, linger: false, defaulted: [], ...over,
});
const group = (name: string, gid: number | null = null, members: string[] = []): GroupEntry => ({ name, gid, members });
const files = (f: { passwd?: string; group?: string; shadow?: string; gshadow?: string }) => ({
  passwd: parseAccountFile("passwd", "/etc/passwd", Buffer.from(f.passwd ?? "root:x:0:0:root:/root:/bin/bash\n")),
  group: parseAccountFile("group", "/etc/group", Buffer.from(f.group ?? "root:x:0:\n")),
  shadow: parseAccountFile("shadow", "/etc/shadow", Buffer.from(f.shadow ?? "root:*:19000:0:99999:7:::\n")),
  gshadow: f.gshadow === undefined ? undefined : parseAccountFile("gshadow", "/etc/gshadow", Buffer.from(f.gshadow)),
});
const input = (over: Partial<UsersInput>): UsersInput => ({
  files: files({}), users: [], groups: [], state: { users: [], groups: [], memberships: {}, locked: [] },
  hashes: new Map(), initialHashes: new Map(), today: 20000, ...over,
});
const skip = isRoot ? false : "needs root (chown to other users)";

test("build: a group member with a comma, a uid of 2^32 and a gid of 65535 fail the assertions, with their definition sites", async () => {
  const bad = { users: { groups: { g: { gid: 65535, members: ["eve,root"] } }, users: { eve: { isNormalUser: true, uid: 2 ** 32, group: "g" } } } };
  const root = makeTree({});
  await assert.rejects(build(root, [seedSystem, bad]), (e: Error) => {
    assert.match(e.message, /Failed assertions:/);
    assert.match(e.message, /- The member "eve,root" of `users\.groups\.g\.members' is not a user name: .*\n  \(defined in `\/cfg\/system\.config\.ts'\)/);
    assert.match(e.message, /- The value of `users\.users\.eve\.uid' is an invalid user ID '4294967296': it must be a whole number from 0 to 4294967294\./);
    assert.match(e.message, /- The value of `users\.groups\.g\.gid' is an invalid group ID '65535': 65535 is \(uid_t\) -1 of 16-bit programs/);
    return true;
  });
});

test("planUsers(): a hand-made manifest with injected members, names, fields or ids is refused, every problem at once, and nothing is planned", () => {
  const users = [
    user("eve", { group: "g", uid: 2 ** 32 }),
    user("mallory", { group: "g", uid: 4294967295, home: "/home/m\nroot:x:0:0::/root:/bin/sh", shell: "bin/sh" }),
    user("a,b", { group: "g" }),
  ];
  const groups = [group("g", 65535, ["eve,root"]), group("x:y")];
  assert.throws(() => planUsers(input({ users, groups })), (e: Error) => {
    for (const re of [
      /Cannot write user eve: invalid user ID '4294967296' \(users\.users\.eve\.uid\)/,
      /Cannot write user mallory: invalid user ID '4294967295'/,
      /Cannot write user mallory: its home \(users\.users\.mallory\.home = "\/home\/m\\nroot:x:0:0::\/root:\/bin\/sh"\) is not valid: it contains a ":"/,
      /Cannot write user mallory: its shell .* it is not an absolute path/,
      /Cannot write user "a,b": The username "a,b" is not valid/,
      /Cannot write group g: invalid group ID '65535'/,
      /Cannot write group g: its member "eve,root" \(users\.groups\.g\.members\) is not a user name/,
      /Cannot write group "x:y": The group name "x:y" is not valid/,
    ]) assert.match(e.message, re);
    return true;
  });
});

test("planUsers(): a malformed line naming a declared account is refused with its file and line, never duplicated", () => {
  const partial = "root:x:0:0:root:/root:/bin/bash\nalice:x:5000\n";
  assert.throws(
    () => planUsers(input({ files: files({ passwd: partial }), users: [user("alice", { uid: 5000 })], groups: [group("alice", 5000)] })),
    /: Cannot write user alice: \/etc\/passwd line 2 is an invalid password file entry \("alice:x:5000"\); correct or remove that line \(pwck -r lists such lines\), then switch again$/,
  );
  const shadow = "root:*:19000:0:99999:7:::\nalice:$y$x:1\n";
  assert.throws(
    () => planUsers(input({ files: files({ passwd: "root:x:0:0::/root:/bin/sh\nalice:x:5000:5000::/home/alice:/bin/sh\n", shadow }), users: [user("alice")], groups: [group("alice")] })),
    /Cannot write user alice: \/etc\/shadow line 2 is an invalid shadow password file entry/,
  );
  assert.throws(() => planUsers(input({ files: files({ group: "root:x:0:\ng:x:6002\n" }), groups: [group("g")] })), /Cannot write group g: \/etc\/group line 2 is an invalid group file entry \("g:x:6002"\)/);
  // A user we declared before and now lock is written too: its malformed line is refused as well.
  assert.throws(
    () => planUsers(input({ files: files({ passwd: partial, shadow: "root:*:1::::::\nalice\n" }), state: { users: ["alice"], groups: [], memberships: {}, locked: [] } })),
    /\/etc\/shadow line 2 is an invalid shadow password file entry \("alice"\)/,
  );
});

test("ids held by malformed lines are neither allocated nor given twice", () => {
  const passwd = "root:x:0:0:root:/root:/bin/bash\nbob:x:1000\ncarol:x:007:7::/:/bin/sh\n";
  assert.deepEqual([...usedIds(parseAccountFile("passwd", "p", Buffer.from(passwd)))].sort((a, b) => a - b), [0, 7, 1000]);
  const p = planUsers(input({ files: files({ passwd }), users: [user("alice", { group: "g" })], groups: [group("g", 100)] }));
  assert.match(renderAccountFile(p.files.passwd), /^alice:x:1001:100:/m);
  assert.throws(() => planUsers(input({ files: files({ passwd }), users: [user("dave", { group: "g", uid: 7 })], groups: [group("g", 100)] })), /Cannot create user dave with uid 7: uid 7 belongs to user carol/);
});

test("planUsers(): files without a final newline keep one entry per line, and passwd and shadow agree", () => {
  const f = files({ passwd: "root:x:0:0:root:/root:/bin/bash", group: "root:x:0:", shadow: "root:*:19000:0:99999:7:::", gshadow: "root:*::" });
  const p = planUsers(input({ files: f, users: [user("alice", { uid: 5000 })], groups: [group("alice", 5000)] }));
  assert.equal(renderAccountFile(p.files.passwd), "root:x:0:0:root:/root:/bin/bash\nalice:x:5000:5000::/home/alice:/bin/bash\n");
  assert.equal(renderAccountFile(p.files.shadow), "root:*:19000:0:99999:7:::\nalice:!*:20000::::::\n");
  assert.equal(renderAccountFile(p.files.group), "root:x:0:\nalice:x:5000:\n");
  assert.equal(renderAccountFile(p.files.gshadow ?? { name: "gshadow", lines: [] }), "root:*::\nalice:!*::\n");
});

test("switch: a partial alice line in /etc/passwd stops the switch before any write, and a second switch adds no line either", { skip }, async () => {
  const root = makeTree({ "etc/passwd": "root:x:0:0:root:/root:/bin/bash\nalice:x:5000\n", "etc/group": "root:x:0:\n", "etc/shadow": "root:*:1::::::\n" });
  const before = snapshot(root);
  for (let i = 0; i < 2; i++) await assert.rejects(switchTo(root, [seedSystem]), /Cannot write user alice: \/etc\/passwd line 2 is an invalid password file entry/);
  assert.deepEqual(snapshot(root, ["/var"]), Object.fromEntries(Object.entries(before).filter(([k]) => !k.startsWith("/var"))));
  assert.equal(readFileSync(join(root, "etc/passwd"), "utf8"), "root:x:0:0:root:/root:/bin/bash\nalice:x:5000\n");
});
