/**
 * root and nobody as every configuration declares them
 * (users-host-accounts.ts): their values read as on NixOS, NixOS's
 * assertions pass for them, a configuration's own value wins without a
 * conflict, and the build records which passwd fields are only defaults.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { defaultedFields, userEvaluations } from "../../build/user-defaulted-fields.ts";
import { lazyFromJS, toJS } from "../../nix/js-value.ts";
import { usersAssertions } from "./users-assertions.ts";

type Js = Record<string, any>;

function evaluate(config: Js = {}) {
  const { evaluation } = evaluateSystem([lazyFromJS(config)]);
  const cfg = toJS(evaluation.config) as Js;
  const options = userEvaluations(evaluation);
  return { users: cfg.users.users as Js, defaulted: (key: string) => defaultedFields(options(key)), assertions: () => usersAssertions(cfg as never).map((a) => a.message) };
}

const pick = (u: Js, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, u[k]]));
const FIELDS = ["uid", "description", "home", "shell", "group", "isSystemUser", "isNormalUser", "createHome"];

test("root and nobody read as on NixOS, and NixOS's assertions pass for them", () => {
  const { users, assertions } = evaluate();
  assert.deepEqual(pick(users.root, ...FIELDS), {
    uid: 0, description: "System administrator", home: "/root", shell: "/bin/bash", group: "root", isSystemUser: false, isNormalUser: false, createHome: false,
  });
  assert.deepEqual(pick(users.nobody, ...FIELDS), {
    uid: 65534, description: "Unprivileged account (don't use!)", home: "/var/empty", shell: "/usr/sbin/nologin", group: "nogroup", isSystemUser: true, isNormalUser: false, createHome: false,
  });
  assert.deepEqual(assertions(), []);
});

test("root's shell follows users.defaultUserShell; the configuration's own values win without a conflict (the same uid, as on NixOS, merges)", () => {
  const { users, assertions, defaulted } = evaluate({
    users: {
      defaultUserShell: "/bin/zsh",
      users: {
        root: { uid: 0, home: "/srv/root", description: "Root", hashedPassword: "$6$x$y", openssh: { authorizedKeys: { keys: ["ssh-ed25519 AAAA me"] } } },
        nobody: { group: "nobody", shell: "/bin/false" },
      },
      groups: { nobody: {} },
    },
  });
  assert.deepEqual(pick(users.root, "home", "description", "shell", "hashedPassword", "uid"), { home: "/srv/root", description: "Root", shell: "/bin/zsh", hashedPassword: "$6$x$y", uid: 0 });
  assert.deepEqual(users.root.openssh.authorizedKeys.keys, ["ssh-ed25519 AAAA me"]);
  assert.deepEqual(pick(users.nobody, "group", "shell", "home"), { group: "nobody", shell: "/bin/false", home: "/var/empty" });
  assert.deepEqual(assertions(), []);
  assert.deepEqual(defaulted("root"), ["group", "shell"]);
  assert.deepEqual(defaulted("nobody"), ["description", "home"]);
});

test("the fields left to defaults: every passwd field of root and nobody; a normal user's mkDefault home, group and shell; none a definition sets, mkForce included", () => {
  const { defaulted } = evaluate({
    users: {
      users: {
        alice: { isNormalUser: true },
        bob: { isNormalUser: true, description: "Bob", home: { _type: "override", priority: 50, content: "/b" }, group: "bob", shell: "/bin/sh" },
      },
      groups: { bob: {} },
    },
  });
  assert.deepEqual(defaulted("root"), ["group", "description", "home", "shell"]);
  assert.deepEqual(defaulted("nobody"), ["group", "description", "home", "shell"]);
  assert.deepEqual(defaulted("alice"), ["group", "description", "home", "shell"]);
  assert.deepEqual(defaulted("bob"), []);
});

test("uid 0 given to another user fails NixOS's uniqueness assertion, naming root", () => {
  const { assertions } = evaluate({ users: { users: { toor: { isSystemUser: true, uid: 0, group: "root" } } } });
  assert.match(assertions().join("\n"), /Duplicate uid 0 \((root, toor|toor, root)\)/);
});
