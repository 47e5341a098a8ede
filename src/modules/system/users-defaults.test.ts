/**
 * Each user's own defaults (users.ts `defaults`): what isNormalUser and
 * useDefaultShell set, as mkDefault, what they leave alone, and that the
 * global options they name are read only when the default is used.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../nix/js-value.ts";

/** `global`: the other users.* options, as property descriptors (a getter is read only when the option is). */
function users(defs: Record<string, unknown>, global: PropertyDescriptorMap = {}): Record<string, Record<string, unknown>> {
  const top = Object.defineProperties({ users: defs }, global);
  const { evaluation } = evaluateSystem([lazyFromJS({ users: top })]);
  return (toJS(evaluation.config) as { users: { users: Record<string, Record<string, unknown>> } }).users.users;
}

const pick = (u: Record<string, unknown> | undefined, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, u?.[k]]));

test("a normal user gets group users, a home under defaultUserHome, createHome and the default shell", () => {
  const u = users({ alice: { isNormalUser: true } }, { defaultUserHome: { value: "/srv/home", enumerable: true }, defaultUserShell: { value: "/bin/zsh", enumerable: true } });
  assert.deepEqual(pick(u.alice, "name", "group", "home", "createHome", "useDefaultShell", "shell"), {
    name: "alice",
    group: "users",
    home: "/srv/home/alice",
    createHome: true,
    useDefaultShell: true,
    shell: "/bin/zsh",
  });
});

test("a user's own settings win over those defaults, and a system user gets none of them", () => {
  const u = users({
    bob: { isNormalUser: true, name: "robert", group: "staff", home: "/b", createHome: false, useDefaultShell: false },
    svc: { isSystemUser: true, group: "svc" },
    eve: { useDefaultShell: true, isSystemUser: true, group: "eve" },
  });
  assert.deepEqual(pick(u.bob, "name", "group", "home", "createHome", "shell"), { name: "robert", group: "staff", home: "/b", createHome: false, shell: "/usr/sbin/nologin" });
  assert.deepEqual(pick(u.svc, "name", "home", "createHome", "useDefaultShell", "shell"), { name: "svc", home: "/var/empty", createHome: false, useDefaultShell: false, shell: "/usr/sbin/nologin" });
  assert.equal(u.eve?.shell, "/bin/bash");
});

test("a user's defaults read nothing of the global users options until they are used", () => {
  const u = users(
    { alice: { isNormalUser: true, home: "/a", shell: "/bin/sh" } },
    {
      defaultUserHome: { enumerable: true, get: () => assert.fail("defaultUserHome was read") },
      defaultUserShell: { enumerable: true, get: () => assert.fail("defaultUserShell was read") },
    },
  );
  assert.deepEqual(pick(u.alice, "group", "home", "shell"), { group: "users", home: "/a", shell: "/bin/sh" });
});
