/**
 * option-paths.ts on our system modules' evaluation: a prefix split after
 * its last dot outside quotes, the names one level below (a set or an
 * option with options below it ends with "."), the names a configuration
 * gives below `users.users.<name>`, a submodule's options, a plain option
 * alone, and nothing for a path that names nothing.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { lazyFromJS } from "../../nix/js-value.ts";
import { optionPathsBelow, splitOptionPrefix } from "./option-paths.ts";

const { evaluation } = evaluateSystem([lazyFromJS({ nixpkgs: { hostPlatform: "x86_64-linux" }, users: { users: { alice: { isNormalUser: true } } } })]);
const below = (parent: string) => optionPathsBelow(evaluation.options, parent);

test("a prefix splits after its last dot outside quotes", () => {
  assert.deepEqual(splitOptionPrefix("programs.gi"), { parent: "programs.", partial: "gi" });
  assert.deepEqual(splitOptionPrefix(""), { parent: "", partial: "" });
  assert.deepEqual(splitOptionPrefix('environment.etc."a.b".te'), { parent: 'environment.etc."a.b".', partial: "te" });
  assert.deepEqual(splitOptionPrefix('environment.etc."a.b'), { parent: "environment.etc.", partial: '"a.b' });
});

test("the names below a set: sets and options with options below end with '.', plain options do not", () => {
  const top = below("");
  assert.ok(top.includes("users.") && top.includes("environment."), top.join(" "));
  assert.ok(!top.includes("_module.") && !top.includes("_module"));
  const users = below("users.");
  assert.ok(users.includes("users.users.") && users.includes("users.groups."), users.join(" "));
  assert.ok(users.includes("users.mutableUsers"), users.join(" "));
});

test("below users.users: the configuration's names; below one of them, the submodule's options", () => {
  assert.deepEqual(below("users.users.").filter((p) => p === "users.users.alice."), ["users.users.alice."]);
  const alice = below("users.users.alice.");
  assert.ok(alice.includes("users.users.alice.uid") && alice.includes("users.users.alice.isNormalUser"), alice.join(" "));
});

test("a plain option and a path that names nothing have nothing below", () => {
  assert.deepEqual(below("users.mutableUsers."), []);
  assert.deepEqual(below("nosuch.thing."), []);
  assert.deepEqual(below('users."unclosed.'), []);
});
