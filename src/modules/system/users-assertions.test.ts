import { test } from "node:test";
import assert from "node:assert/strict";
import { invalidName, usersAssertions } from "./users-assertions.ts";

const user = (over: Record<string, unknown> = {}) => ({
  enable: true,
  name: "alice",
  uid: 5000,
  isNormalUser: true,
  isSystemUser: false,
  group: "alice",
  hashedPassword: null,
  ...over,
});
const failed = (users: Record<string, ReturnType<typeof user>>, groups: Record<string, { name: string; gid: number | null }> = { alice: { name: "alice", gid: 5000 } }) =>
  usersAssertions({ users: { users, groups, enforceIdUniqueness: true } } as never)
    .filter((a) => !a.assertion)
    .map((a) => a.message);

test("invalidName() follows NixOS's regex, refuses '.', '..', all digits and more than 31 characters", () => {
  for (const ok of ["alice", "_svc", "a.b", "first.last", "a-b", "a".repeat(31)]) assert.equal(invalidName("username", ok), undefined, ok);
  for (const bad of ["-x", "a:b", "a\nb", ".", "..", "1234", "", "a b", "a".repeat(32)]) assert.notEqual(invalidName("username", bad), undefined, bad);
  assert.equal(invalidName("group name", "g".repeat(32)), `Group name '${"g".repeat(32)}' is longer than 31 characters which is not allowed!`);
});

test("usersAssertions(): a valid normal user passes", () => {
  assert.deepEqual(failed({ alice: user() }), []);
});

test("usersAssertions(): lists only the assertions that fail, each with assertion = false", () => {
  const cfg = (users: Record<string, ReturnType<typeof user>>) => ({ users: { users, groups: { alice: { name: "alice", gid: 5000 } }, enforceIdUniqueness: true } }) as never;
  assert.deepEqual(usersAssertions(cfg({ alice: user() })), []);
  const bad = usersAssertions(cfg({ alice: user({ uid: 999, hashedPassword: "a:b" }) }));
  assert.equal(bad.length, 2);
  assert.ok(bad.every((a) => a.assertion === false));
});

test("usersAssertions(): exactly one of isNormalUser and isSystemUser", () => {
  assert.deepEqual(failed({ alice: user({ isSystemUser: true }) }), ["Exactly one of users.users.alice.isSystemUser and users.users.alice.isNormalUser must be set."]);
  assert.deepEqual(failed({ alice: user({ isNormalUser: false, uid: 5000 }) }), ["Exactly one of users.users.alice.isSystemUser and users.users.alice.isNormalUser must be set."]);
  assert.deepEqual(failed({ root: user({ name: "root", isNormalUser: false, uid: 0, group: "alice" }) }), []);
});

test("usersAssertions(): a normal user below uid 1000, an unset or undeclared group, a ':' in a hash", () => {
  assert.match(failed({ alice: user({ uid: 999 }) })[0] ?? "", /^A user cannot have a users\.users\.alice\.uid set below 1000/);
  assert.match(failed({ alice: user({ group: "" }) })[0] ?? "", /^users\.users\.alice\.group is unset\./);
  assert.deepEqual(failed({ alice: user({ group: "staff" }) }), [
    "The following users have a primary group that is undefined: alice\nHint: Add this to your NixOS configuration:\n  users.groups.staff = {};",
  ]);
  assert.match(failed({ alice: user({ hashedPassword: "$6$a:b" }) })[0] ?? "", /^The password hash of user "alice" contains a ":" character/);
});

test("usersAssertions(): duplicate explicit ids are listed; disabled users are ignored", () => {
  assert.deepEqual(failed({ alice: user(), bob: user({ name: "bob" }) }), ["UIDs and GIDs must be unique!\n  Duplicate uid 5000 (alice, bob)"]);
  assert.deepEqual(failed({ alice: user(), bob: user({ name: "bob", enable: false }) }), []);
  assert.deepEqual(failed({ alice: user() }, { alice: { name: "alice", gid: 5000 }, bob: { name: "bob", gid: 5000 } }), [
    "UIDs and GIDs must be unique!\n  Duplicate gid 5000 (alice, bob)",
  ]);
});

test("usersAssertions(): uids and gids useradd refuses, members that are not user names, control characters and relative paths", () => {
  for (const uid of [-1, 65535, 4294967295, 2 ** 32, 1.5]) {
    assert.match(failed({ alice: user({ uid }) }).join("\n"), new RegExp(`^The value of \`users\\.users\\.alice\\.uid' is an invalid user ID '${uid}'`, "m"), String(uid));
  }
  assert.deepEqual(failed({ alice: user({ uid: 4294967294 }) }), []);
  assert.match(failed({ alice: user() }, { alice: { name: "alice", gid: 65535 } }).join("\n"), /users\.groups\.alice\.gid' is an invalid group ID '65535'/);
  const members = usersAssertions({ users: { users: { alice: user() }, groups: { alice: { name: "alice", gid: 5000 }, g: { name: "g", gid: 6002, members: ["eve,root", "alice"] } }, enforceIdUniqueness: true } } as never).filter((a) => !a.assertion);
  assert.deepEqual(members.map((a) => [a.loc, a.message.split(":")[0]]), [[["users", "groups", "g", "members"], 'The member "eve,root" of `users.groups.g.members\' is not a user name']]);
  assert.match(failed({ alice: user({ description: "Alice\r" }) }).join("\n"), /`users\.users\.alice\.description' \("Alice\\r"\) cannot be written to \/etc\/passwd: it contains a newline/);
  assert.match(failed({ alice: user({ home: "home/alice" }) }).join("\n"), /`users\.users\.alice\.home' .* it is not an absolute path/);
  // The directory a home is made or owned at is the one the path names: "/home/../etc" is /etc.
  for (const home of ["/home/../etc", "/home/./alice", "/home//alice", "/home/alice/"]) {
    assert.match(failed({ alice: user({ home }) }).join("\n"), /`users\.users\.alice\.home' .* it has an empty, "\." or "\.\." component/, home);
  }
  assert.match(failed({ alice: user({ shell: "/bin/sh\t" }) }).join("\n"), /`users\.users\.alice\.shell' .* it contains the control character "\\t"/);
  assert.deepEqual(failed({ alice: user({ description: "Alice Q. User,Room 1,,", home: "/home/alice", shell: "/bin/bash" }) }), [], "GECOS subfields are comma-separated");
});
