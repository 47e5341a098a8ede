/**
 * Laws of planning accounts that existed before us (root, nobody, an
 * administrator) over random sequences of configurations, each field of
 * each account either left to a default (the manifest's `defaulted`) or
 * set: switching twice plans nothing; after a configuration that leaves
 * every field to defaults every passwd line is as found; deactivating after any
 * sequence gives back the files we started with.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { planUsers, type UsersInput, type UsersState } from "./users-plan.ts";
import { parseAccountFile, renderAccountFile } from "../users/account-files.ts";
import { DEFAULTED_FIELDS, type DefaultedField, type GroupEntry, type UserEntry } from "../../build/manifest.ts";
import { random } from "../../module-system/test-support.ts";

const PASSWD = "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nadmin:x:1000:1000:Admin,,,:/home/admin:/bin/bash\n";
const GROUP = "root:x:0:\nusers:x:100:\nadmin:x:1000:\nnogroup:x:65534:\n";
const SHADOW = "root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\nadmin:$y$j9T$a$b:19000:0:99999:7:::\n";
const GROUPS: GroupEntry[] = ["root", "users", "admin", "nogroup"].map((name) => ({ name, gid: null, members: [] }));
/** What the modules' defaults give (NixOS's values, none of them the host's), and values a configuration may set. */
const DEFAULTS: Record<string, Record<DefaultedField, string>> = {
  root: { group: "root", description: "System administrator", home: "/root", shell: "/bin/bash" },
  nobody: { group: "nogroup", description: "Unprivileged account (don't use!)", home: "/var/empty", shell: "/usr/sbin/nologin" },
  admin: { group: "users", description: "", home: "/home/admin", shell: "/bin/bash" },
};
const SET: Record<DefaultedField, readonly string[]> = {
  group: ["root", "users", "admin"],
  description: ["Set once", "Set twice"],
  home: ["/srv/a", "/srv/b"],
  shell: ["/bin/sh", "/bin/zsh"],
};

type Files = UsersInput["files"];
const parse = (passwd: string, group: string, shadow: string): Files => ({
  passwd: parseAccountFile("passwd", "/etc/passwd", Buffer.from(passwd)),
  group: parseAccountFile("group", "/etc/group", Buffer.from(group)),
  shadow: parseAccountFile("shadow", "/etc/shadow", Buffer.from(shadow)),
  gshadow: undefined,
});
const render = (f: Files) => [renderAccountFile(f.passwd), renderAccountFile(f.shadow)];

function account(name: string, fields: Partial<Record<DefaultedField, string>>): UserEntry {
  const value = (f: DefaultedField) => fields[f] ?? DEFAULTS[name]?.[f] ?? "";
  return {
    name, uid: null, group: value("group"), extraGroups: [], description: value("description"), home: value("home"), createHome: false, homeMode: "700",
    shell: value("shell"), isSystemUser: name !== "admin", isNormalUser: name === "admin", hashedPassword: null, hashedPasswordFile: null, password: null,
    initialPassword: null, initialHashedPassword: null, linger: false, defaulted: DEFAULTED_FIELDS.filter((f) => fields[f] === undefined),
  };
}

/** A random configuration: each account declared or not, each of its fields left to the default or set. */
function configuration(next: () => number, allDefaults: boolean): UserEntry[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  return Object.keys(DEFAULTS).filter(() => next() < 0.8).map((name) => {
    const fields: Partial<Record<DefaultedField, string>> = {};
    if (!allDefaults) for (const f of DEFAULTED_FIELDS) if (next() < 0.4) fields[f] = pick(SET[f]);
    return account(name, fields);
  });
}

function plan(files: Files, state: UsersState, users: UserEntry[], groups = GROUPS) {
  return planUsers({ files, users, groups, state, hashes: new Map(), initialHashes: new Map(), today: 20000 });
}

const EMPTY: UsersState = { users: [], groups: [], memberships: {}, locked: [], adopted: {} };

test("switching twice plans nothing, and deactivate after any sequence of configurations gives back the files found (200 sequences)", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const next = random(seed);
    let files = parse(PASSWD, GROUP, SHADOW);
    let state = EMPTY;
    const steps = 1 + Math.floor(next() * 4);
    for (let i = 0; i < steps; i++) {
      const users = configuration(next, false);
      const first = plan(files, state, users);
      ({ files, state } = first);
      const again = plan(files, state, users);
      assert.deepEqual(again.changes, [], `seed ${seed}, step ${i}: switch twice`);
      assert.deepEqual(again.state.adopted, state.adopted, `seed ${seed}, step ${i}: the records settle`);
    }
    const off = plan(files, state, [], []);
    assert.deepEqual(render(off.files), render(parse(PASSWD, GROUP, SHADOW)), `seed ${seed}: deactivate gives back the files found`);
    assert.ok(!renderAccountFile(off.files.shadow).includes(":!"), `seed ${seed}: no account locked`);
  }
});

test("a configuration leaving every field to defaults leaves every passwd line as found, whatever was set before (200 sequences)", () => {
  for (let seed = 1; seed <= 200; seed++) {
    const next = random(seed * 7919);
    let files = parse(PASSWD, GROUP, SHADOW);
    let state = EMPTY;
    for (let i = 0; i < 3; i++) {
      const allDefaults = next() < 0.5;
      const p = plan(files, state, configuration(next, allDefaults));
      ({ files, state } = p);
      if (!allDefaults) continue;
      // Every field set before is given back, and is the host's again.
      assert.equal(renderAccountFile(files.passwd), PASSWD, `seed ${seed}, step ${i}: every line as found`);
      assert.ok(Object.values(state.adopted).every((r) => Object.keys(r).length === 0), `seed ${seed}, step ${i}: nothing recorded as ours`);
    }
  }
});
