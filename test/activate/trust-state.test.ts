/**
 * The state file and a generation's manifest are read whole or refused: a
 * missing field or one of the wrong type is an error naming the file and
 * every bad field, never a half-read file that forgets backups.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTree } from "../helpers/tree.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { readState, STATE_PATH, emptyState } from "../../src/activate/state.ts";
import { readManifest } from "../../src/activate/read-manifest.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";

const v1 = { version: 1, generation: null, files: { "/etc/a": { kind: "copy", sha256: "00", mode: "0644", uid: 0, gid: 0 } }, backups: { "/etc/a": "/etc/a.system-manager-backup" }, directories: [], users: ["alice"], groups: [], memberships: {}, locked: [] };
const withState = (state: unknown) => new RootFs(makeTree({ [STATE_PATH.slice(1)]: JSON.stringify(state) }));

test("a version 1 state file written before homes, units, intents and adopted existed is read with them empty", () => {
  const s = readState(withState(v1));
  assert.deepEqual(s.backups, v1.backups);
  assert.deepEqual([s.homes, s.homeGenerations, s.units, s.intents, s.adopted], [[], {}, {}, {}, {}]);
  assert.deepEqual(readState(withState(emptyState)), emptyState);
});

test("a state file missing backups, or with fields of the wrong type, is refused naming the file and each field", () => {
  const { backups: _b, ...noBackups } = v1;
  assert.throws(() => readState(withState(noBackups)), (e: unknown) => e instanceof UserError && /^Cannot read the state file \/var\/lib\/system-manager\/state\/system-manager-state.json \(under .*\): it is damaged: backups is missing, expected an object/.test(e.message));
  const bad = { ...v1, files: { "/etc/a": { kind: "copy", sha256: "00", mode: "0644", uid: "0", gid: 0 }, "../../x": { kind: "symlink", target: "t" } }, users: "alice", homes: [3], units: { "a.service": { sha256: "x" } } };
  assert.throws(() => readState(withState(bad)), (e: unknown) => {
    const m = (e as Error).message;
    return /files\["\/etc\/a"\]\.uid is a string \("0"\), expected a whole number/.test(m) && /the key files\["\.\.\/\.\.\/x"\] is a string \("\.\.\/\.\.\/x"\), expected an absolute path/.test(m)
      && /users is a string \("alice"\), expected a list/.test(m) && /homes\[0\] is a number \(3\), expected an absolute path/.test(m) && /units\["a.service"\]\.masked is missing, expected a Boolean/.test(m);
  });
  assert.throws(() => readState(withState({ ...v1, files: { "/etc/a": { kind: "hardlink" } } })), /files\["\/etc\/a"\]\.kind is a string \("hardlink"\), expected "symlink" or "copy"/);
  assert.throws(() => readState(withState([])), /it is not a JSON object/);
});

const GEN = "/var/lib/system-manager/store/0mdqa9w1p6cmli6976v4wi0sw9r4p5pr-system-manager";
const root2 = {
  name: "root", uid: 0, group: "root", extraGroups: [], description: "System administrator", home: "/root", createHome: false, homeMode: "700", shell: "/bin/bash",
  isSystemUser: false, isNormalUser: false, hashedPassword: null, hashedPasswordFile: null, password: null, initialPassword: null, initialHashedPassword: null, linger: false,
};
const root3 = { ...root2, defaulted: ["group", "description", "home", "shell"] };
const assertion = { name: "noNixOS", script: "test ! -e /etc/NIXOS", definedIn: ["/cfg/flake.nix"] };
const manifest = { version: 4, system: "x86_64-linux", engine: null, allowAnyDistro: false, preActivationAssertions: [assertion], userborn: true, etc: [], users: [root3], groups: [], units: {}, homes: {}, packages: { system: [], users: {} } };
const withManifest = (m: unknown) => {
  const root = makeTree({});
  mkdirSync(join(root, GEN), { recursive: true });
  writeFileSync(join(root, GEN, "manifest.json"), JSON.stringify(m));
  return new RootFs(root);
};

test("a manifest is checked field by field; version 1 (no engine), 2 (no users[].defaulted: every field applied) and 3 (no pre-activation assertion) are still read", () => {
  assert.deepEqual(readManifest(withManifest(manifest), GEN), manifest);
  const { engine: _e, preActivationAssertions: _p, ...m1 } = manifest;
  const { preActivationAssertions: _q, ...m3 } = manifest;
  const none = { ...manifest, preActivationAssertions: [] };
  assert.deepEqual(readManifest(withManifest({ ...m1, version: 1, users: [root2] }), GEN), { ...none, users: [{ ...root2, defaulted: [] }] });
  assert.deepEqual(readManifest(withManifest({ ...m3, version: 2, users: [root2] }), GEN), { ...none, users: [{ ...root2, defaulted: [] }] });
  assert.deepEqual(readManifest(withManifest({ ...m3, version: 3 }), GEN), none);
  assert.throws(() => readManifest(withManifest(m3), GEN), /preActivationAssertions is missing, expected a list/);
  assert.throws(() => readManifest(withManifest({ ...manifest, preActivationAssertions: [{ name: "x", script: 1, definedIn: [] }] }), GEN), /preActivationAssertions\[0\]\.script is a number \(1\), expected a string/);
  assert.throws(() => readManifest(withManifest({ ...manifest, users: [root2] }), GEN), /users\[0\]\.defaulted is missing, expected a list/);
  assert.throws(() => readManifest(withManifest({ ...manifest, users: [{ ...root2, defaulted: ["uid"] }] }), GEN), /users\[0\]\.defaulted\[0\] is "uid", expected one of "group", "description", "home", "shell"/);
  const bad = { ...manifest, etc: [{ target: "a", source: "etc/a", mode: 420, uid: 0, gid: 0, user: "root", group: "root" }], users: [{ name: "alice" }], packages: { system: [{ attr: null }] } };
  assert.throws(() => readManifest(withManifest(bad), GEN), (e: unknown) => {
    const m = (e as Error).message;
    return m.startsWith(`Cannot activate ${GEN}: its manifest.json is damaged: `) && /etc\[0\]\.mode is a number \(420\), expected a string/.test(m) && /etc\[0\]\.replaceExisting is missing, expected a Boolean/.test(m)
      && /users\[0\]\.uid is missing, expected a whole number/.test(m) && /packages\.system\[0\]\.outPath is missing/.test(m) && /packages\.users is missing, expected an object/.test(m);
  });
  assert.throws(() => readManifest(withManifest({ ...manifest, engine: 3 }), GEN), /engine is a number \(3\), expected a string/);
  assert.throws(() => readManifest(withManifest({ ...manifest, version: 9 }), GEN), /its manifest has version 9/);
});
