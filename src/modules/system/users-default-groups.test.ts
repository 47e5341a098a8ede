/**
 * The groups and ids every configuration has (users-default-groups.ts,
 * ids.ts): system-manager's example of a normal user with no group passes
 * its assertions, the default groups carry system-manager's gids as
 * defaults a configuration may change, and `config.ids` reads as on NixOS.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "../../build/evaluate-system.ts";
import { checkAssertions } from "../../build/check-assertions.ts";
import { lazyFromJS, toJS } from "../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../nix/value.ts";
import { NIXOS_GIDS, NIXOS_UIDS } from "./ids.ts";

type Groups = Record<string, { name: string; gid: number | null; members: string[] }>;

function evaluate(cfg: Record<string, unknown>) {
  const { evaluation } = evaluateSystem([NixAttrs.from({ _file: "/cfg/system.nix", imports: [lazyFromJS(cfg)] })]);
  const part = (name: string) => JSON.parse(JSON.stringify(toJS(evaluation.config.lazy(name) as Lazy)));
  const config = { users: part("users") as { groups: Groups; users: Record<string, { group: string }> }, ids: part("ids") as { uids: Record<string, number>; gids: Record<string, number> } };
  return { evaluation, config };
}

const example = {
  nixpkgs: { hostPlatform: "x86_64-linux" },
  users: {
    users: {
      alice: { isNormalUser: true, description: "Alice User", extraGroups: ["wheel", "docker"], initialPassword: "changeme" },
      myapp: { isSystemUser: true, group: "myapp", home: "/var/lib/myapp", createHome: true },
    },
    groups: { myapp: {}, docker: {} },
  },
};

test("system-manager's users example passes its assertions: alice's primary group is users, which every configuration declares", () => {
  const { evaluation, config } = evaluate(example);
  assert.deepEqual(checkAssertions(evaluation), []);
  assert.equal(config.users.users.alice?.group, "users");
  assert.deepEqual(config.users.groups.users, { name: "users", gid: 100, members: [] });
});

test("the default groups are exactly system-manager's, with its Debian/Ubuntu gids", () => {
  const { config } = evaluate({ nixpkgs: { hostPlatform: "x86_64-linux" } });
  const gids = Object.fromEntries(Object.entries(config.users.groups).map(([k, g]) => [k, g.gid]));
  assert.deepEqual(gids, {
    adm: 4, audio: 29, cdrom: 24, dialout: 20, disk: 6, floppy: 25, input: 996, kmem: 15, kvm: 994, lp: 7, nixbld: 30000, nogroup: 65534,
    render: 993, root: 0, sgx: 995, shadow: 42, sudo: 27, tape: 26, tty: 5, users: 100, utmp: 43, uucp: 10, video: 44, wheel: 900,
  });
});

test("a default gid is only a default: a configuration's own gid wins, and nixbld follows ids.gids", () => {
  const { config } = evaluate({ nixpkgs: { hostPlatform: "x86_64-linux" }, users: { groups: { wheel: { gid: 10 } } }, ids: { gids: { nixbld: 30000 } } });
  assert.equal(config.users.groups.wheel?.gid, 10);
  assert.equal(config.users.groups.nixbld?.gid, 30000);
});

test("ids.uids and ids.gids read as NixOS's misc/ids.nix; a second, different id for a name is a conflict", () => {
  const { config } = evaluate({ nixpkgs: { hostPlatform: "x86_64-linux" }, ids: { uids: { myservice: 390 } } });
  assert.equal(config.ids.gids.users, 100);
  assert.equal(config.ids.gids.wheel, 1);
  assert.equal(config.ids.uids.nobody, 65534);
  assert.equal(config.ids.uids.nixbld, 30000);
  assert.equal(config.ids.uids.myservice, 390);
  assert.deepEqual([Object.keys(NIXOS_UIDS).length, Object.keys(NIXOS_GIDS).length], [198, 216]);
  assert.deepEqual([NIXOS_GIDS.kvm, NIXOS_GIDS.render, NIXOS_GIDS.sgx, NIXOS_GIDS.clock, NIXOS_GIDS.onepassword, NIXOS_UIDS.postgres, NIXOS_UIDS.nginx], [302, 303, 304, 327, 31001, 71, 60]);
  assert.throws(() => evaluate({ nixpkgs: { hostPlatform: "x86_64-linux" }, ids: { gids: { users: 1000 } } }).config.ids.gids.users, /The option `ids\.gids\.users' has conflicting definition values/);
});
