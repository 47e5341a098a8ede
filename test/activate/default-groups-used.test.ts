/**
 * NixOS's default groups on a Debian host (src/build/used-default-groups.ts):
 * every configuration still declares them (`config.users.groups.wheel.gid`
 * evaluates), but a switch creates only those something uses: a plain
 * configuration leaves Debian's /etc/group byte for byte; a user in wheel,
 * a unit's Group=, a tmpfiles rule's group, an /etc file's group or the
 * configuration's own `users.groups.<name>` each bring theirs, and no other.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import type { Manifest } from "../../src/build/manifest.ts";
import { evaluateSystem } from "../../src/build/evaluate-system.ts";
import { toJS } from "../../src/nix/js-value.ts";
import type { Lazy } from "../../src/nix/value.ts";
import { module, switchTo } from "../helpers/system.ts";
import { testEngine } from "../helpers/engine.ts";
import { debianEtc, debianGroup, debianGshadow } from "../fixtures/debian12-etc.ts";
import { isRoot, makeTree } from "../helpers/tree.ts";

const platform = { nixpkgs: { hostPlatform: "x86_64-linux" } };

async function groupsOf(cfg: Record<string, unknown>): Promise<string[]> {
  const root = await mkdtemp(join(tmpdir(), "sm-groups-"));
  const r = await buildGeneration([module({ ...platform, ...cfg })], { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  const manifest = JSON.parse(await readFile(join(root, r.storePath, "manifest.json"), "utf8")) as Manifest;
  return manifest.groups.map((g) => g.name);
}

test("a plain configuration puts no default group in the generation beyond root's and nobody's", async () => {
  assert.deepEqual(await groupsOf({}), ["nogroup", "root"]);
});

test("the default groups still evaluate as on NixOS: config.users.groups.wheel.gid and sgx read", () => {
  const { evaluation } = evaluateSystem([module(platform)]);
  const groups = toJS(evaluation.config.lazy("users") as Lazy) as { groups: Record<string, { gid: number }> };
  assert.equal(groups.groups.wheel?.gid, 900);
  assert.equal(groups.groups.sgx?.gid, 995);
});

test("each kind of use brings its default group, and only it", async () => {
  const user = { users: { users: { carol: { isNormalUser: true, extraGroups: ["wheel"] } } } };
  assert.deepEqual(await groupsOf(user), ["nogroup", "root", "users", "wheel"]);
  assert.deepEqual(await groupsOf({ systemd: { services: { probe: { serviceConfig: { ExecStart: "/bin/true", Group: "kvm", SupplementaryGroups: ["render", "input"] } } } } }), [
    "input", "kvm", "nogroup", "render", "root",
  ]);
  assert.deepEqual(await groupsOf({ systemd: { tmpfiles: { rules: ["d /var/lib/enclave 0750 root sgx -"] } } }), ["nogroup", "root", "sgx"]);
  assert.deepEqual(await groupsOf({ environment: { etc: { "probe.conf": { text: "x", mode: "0640", group: "video" } } } }), ["nogroup", "root", "video"]);
  assert.deepEqual(await groupsOf({ users: { groups: { audio: {} } } }), ["audio", "nogroup", "root"]);
  assert.deepEqual(await groupsOf({ nix: { enable: true } }), ["nixbld", "nogroup", "root"]);
});

const withGshadow = () => makeTree({ ...debianEtc, "etc/gshadow": { content: debianGshadow, mode: 0o640, uid: 0, gid: 42 } });

test("switch of a plain configuration leaves Debian's /etc/group byte for byte", { skip: isRoot ? false : "needs root (account files owned by root and shadow)" }, async () => {
  const root = withGshadow();
  await switchTo(root, [platform]);
  assert.equal(readFileSync(join(root, "etc/group"), "utf8"), debianGroup);
});

test("switch: a user in wheel gets wheel created; nixbld, sgx, kvm and the other unused defaults are not", { skip: isRoot ? false : "needs root (chown to other users)" }, async () => {
  const root = withGshadow();
  await switchTo(root, [{ ...platform, users: { users: { carol: { isNormalUser: true, extraGroups: ["wheel"] } } } }]);
  const group = readFileSync(join(root, "etc/group"), "utf8");
  assert.equal(group, `${debianGroup}wheel:x:900:carol\n`);
});
