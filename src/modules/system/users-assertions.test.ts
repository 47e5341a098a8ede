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
