import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "./build-generation.ts";
import { readSourceFromDisk } from "./read-source.ts";
import { lazyFromJS, POSITIONS } from "../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../nix/value.ts";
import { UserError, UserErrors } from "../diagnostics/user-error.ts";
import { homeManagerModule } from "../modules/system/home-manager.ts";
import type { Manifest } from "./manifest.ts";
import { seedSystem } from "../../test/helpers/system.ts";
import { testEngine } from "../../test/helpers/engine.ts";

const FILE = "/cfg/system.config.ts";
const mod = (m: unknown, file = FILE): Lazy => NixAttrs.from({ _file: file, imports: [lazyFromJS(m)] });

/** An object literal with recorded key lines, as the TypeScript loader produces. */
function at<T extends object>(line: number, obj: T, file = FILE): T {
  const pos = new Map(Object.keys(obj).map((k, i) => [k, { file, line: line + i, column: 5 }]));
  Object.defineProperty(obj, POSITIONS, { value: pos });
  return obj;
}

const seed = seedSystem;

async function build(modules: Lazy[]) {
  const root = await mkdtemp(join(tmpdir(), "sm-build-"));
  const warnings: string[] = [];
  const r = await buildGeneration(modules, { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: (w) => warnings.push(w), engine: testEngine() });
  const manifest = JSON.parse(await readFile(join(root, r.storePath, "manifest.json"), "utf8")) as Manifest;
  return { root, ...r, manifest, warnings };
}

async function buildError(modules: Lazy[]): Promise<{ error: UserError; root: string }> {
  const root = await mkdtemp(join(tmpdir(), "sm-build-"));
  try {
    await buildGeneration(modules, { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    return { error: e, root };
  }
  assert.fail("build succeeded");
}

test("build: the seed's system part declares alice, her group and nix.conf", async () => {
  const { manifest, root, storePath } = await build([mod(seed)]);
  assert.equal(manifest.version, 4);
  assert.deepEqual(
    manifest.users.map((u) => [u.name, u.uid, u.group, u.home, u.createHome, u.homeMode, u.shell, u.defaulted]),
    [
      ["alice", 5000, "alice", "/home/alice", true, "700", "/bin/bash", ["description", "shell"]],
      // As NixOS declares them; every passwd field a default, which an existing account keeps as it is (users-host-accounts.ts).
      ["nobody", 65534, "nogroup", "/var/empty", false, "700", "/usr/sbin/nologin", ["group", "description", "home", "shell"]],
      ["root", 0, "root", "/root", false, "700", "/bin/bash", ["group", "description", "home", "shell"]],
    ],
  );
  // Besides alice's, only the default groups something uses (used-default-groups.ts): root's, nobody's, nix.conf's build-users-group.
  assert.deepEqual(manifest.groups.map((g) => g.name), ["alice", "nixbld", "nogroup", "root"]);
  assert.deepEqual(manifest.groups[0], { name: "alice", gid: 5000, members: [] });
  const nixConf = manifest.etc.find((e) => e.target === "nix/nix.conf");
  assert.ok(nixConf?.replaceExisting);
  const text = await readFile(join(root, storePath, nixConf.source), "utf8");
  assert.match(text, /^experimental-features = nix-command flakes$/m);
  assert.equal(manifest.userborn, true);
});

test("build: the same configuration gives the same path; one changed option changes it", async () => {
  const a = await build([mod(seed)]);
  const b = await build([mod(seed)]);
  assert.equal(a.storePath, b.storePath);
  const c = await build([mod(seed), mod({ users: { users: { alice: { description: "Alice" } } } })]);
  assert.notEqual(c.storePath, a.storePath);
});

test("build: extraGroups add members to declared groups", async () => {
  const { manifest } = await build([mod(seed), mod({ users: { groups: { wheel: {} }, users: { alice: { extraGroups: ["wheel", "undeclared"] } } } })]);
  assert.deepEqual(manifest.groups.find((g) => g.name === "wheel")?.members, ["alice"]);
});

test("build: an unknown option names the path, the file and line, and suggests", async () => {
  const { error, root } = await buildError([mod(seed), mod(at(7, { users: at(8, { users: at(9, { alice: at(10, { isNormalUsr: true }) }) }) }))]);
  assert.equal(
    error.message,
    "The option `users.users.alice.isNormalUsr' does not exist. Definition values:\n- In `/cfg/system.config.ts:10': true\n\nDid you mean `users.users.alice.isNormalUser', `users.users.alice.isSystemUser' or `users.users.alice.home'?",
  );
  assert.deepEqual(error.location, { file: FILE, line: 10, column: 5 });
  assert.deepEqual(await readdir(root), []);
});

test("build: conflicting uids list both definition sites", async () => {
  const second = "/cfg/other.ts";
  const { error } = await buildError([
    mod(seed),
    mod(at(3, { users: at(4, { users: at(5, { alice: at(6, { uid: 5001 }, second) }, second) }, second) }, second), second),
  ]);
  assert.match(error.message, /^The option `users\.users\.alice\.uid' has conflicting definition values:\n- In `\/cfg\/system\.config\.ts': 5000\n- In `\/cfg\/other\.ts:6': 5001\nUse `lib\.mkForce value` or `lib\.mkDefault value` to change the priority on any of these definitions\.$/);
});

test("build: a wrong type names the option, the expected type and the site", async () => {
  const { error } = await buildError([mod(seed), mod(at(2, { users: at(3, { groups: at(4, { alice: at(5, { gid: "5000" }) }) }) }))]);
  assert.equal(error.message, "A definition for option `users.groups.alice.gid' is not of type `null or signed integer'. Definition values:\n- In `/cfg/system.config.ts:5': \"5000\"");
});

test("build: invalid names and duplicate ids fail the assertions together, with sites", async () => {
  const users = at(20, { "a:b": { isNormalUser: true, group: "alice" }, "-x": { isNormalUser: true, group: "alice" }, bob: { isNormalUser: true, uid: 5000, group: "alice" } });
  const { error } = await buildError([mod(seed), mod({ users: { users: users } })]);
  assert.match(error.message, /Failed assertions:/);
  assert.match(error.message, /- The username "a:b" is not valid, it does not match the regex "\[a-zA-Z0-9_\.\]\[a-zA-Z0-9_\.-\]\*"/);
  assert.match(error.message, /- The username "-x" is not valid/);
  assert.match(error.message, /\(defined in `\/cfg\/system\.config\.ts:20'\)/);
  assert.match(error.message, /- UIDs and GIDs must be unique!\n  Duplicate uid 5000 \(alice, bob\)/);
});

test("build: a user name over 31 characters is refused", async () => {
  const long = "a".repeat(32);
  const { error } = await buildError([mod(seed), mod({ users: { users: { [long]: { isNormalUser: true, group: "alice" } } } })]);
  assert.match(error.message, new RegExp(`Username '${long}' is longer than 31 characters which is not allowed!`));
});

test("build: an /etc target that leaves /etc is refused", async () => {
  const { error } = await buildError([mod(seed), mod({ environment: { etc: { x: { target: "../shadow", text: "x" } } } })]);
  assert.match(error.message, /Cannot use '\.\.\/shadow' as the target of `environment\.etc\.x'/);
});

test("build: a service whose name is no unit name is refused at its definition, its attribute quoted", async () => {
  const { error } = await buildError([mod(seed), mod(at(3, { systemd: at(4, { services: at(5, { "x/../y": at(6, { script: "true" }) }) }) }))]);
  assert.match(error.message, /^Cannot use 'x\/\.\.\/y\.service' as a unit name \(from `systemd\.services\."x\/\.\.\/y"'\)/);
  assert.deepEqual(error.location, { file: FILE, line: 5, column: 5 });
});

test("build: each home file that cannot be made is refused at its own definition, all of them together", async () => {
  const file = at(40, { "../bob/x": { text: "x" }, ".config/a": { source: "/nonexistent/source" }, fine: { text: "ok" } });
  const { error } = await buildError([mod(homeManagerModule), mod(seed), mod({ "home-manager": { users: { alice: { home: { stateVersion: "24.05", file } } } } })]);
  assert.ok(error instanceof UserErrors, error.message);
  const shown = error.errors.map((e) => [e.message.split(":")[0], e.location?.line]);
  assert.deepEqual(shown, [
    ["Cannot manage '../bob/x' in the home of alice", 40],
    ["Cannot read source '/nonexistent/source'", 41],
  ]);
});

test("build: an /etc name with a newline is refused saying so, the name quoted", async () => {
  const { error } = await buildError([mod(seed), mod({ environment: { etc: { "a\nb": { text: "x" } } } })]);
  assert.equal(error.message.split("\n")[0], "Cannot use \"a\\nb\" as the target of `environment.etc.\"a\\nb\"': a path in /etc may not hold a newline or a NUL character");
});

test("build: names no file system or store takes are refused at their options, not met as ENAMETOOLONG when written", async () => {
  const long = "n".repeat(300);
  const cut = `${"n".repeat(40)}…`;
  const etc = await buildError([mod(seed), mod({ environment: { etc: { [`dir/${long}`]: { text: "x" } } } })]);
  assert.equal(etc.error.message.split("\n")[0], `Cannot use 'dir/${long}' as the target of \`environment.etc."dir/${long}"': its component '${cut}' is 300 bytes long, and a file name may have at most 255`);
  const unit = await buildError([mod(seed), mod({ systemd: { services: { [long]: { script: "true" } } } })]);
  assert.match(unit.error.message, new RegExp(`^Cannot use '${cut}' as a unit name \\(from \`systemd\\.services\\.${long}'\\): it is 308 characters long, and systemd takes at most 255`));
  const home = (file: Record<string, unknown>) => buildError([mod(homeManagerModule), mod(seed), mod({ "home-manager": { users: { alice: { home: { stateVersion: "24.05", file } } } } })]);
  const target = await home({ [`d/${long}`]: { source: "/nonexistent" } });
  assert.equal(target.error.message.split("\n")[0], `Cannot manage 'd/${long}' in the home of alice: its component '${cut}' is 300 bytes long, and a file name may have at most 255`);
  // A name of 210 bytes fits a directory, but its text's store file "hm_d-<name>" is over Nix's 211 characters.
  const text = await home({ [`d/${"t".repeat(210)}`]: { text: "x" } });
  assert.equal(text.error.message.split("\n")[0], `Cannot write a text file to the store: its name 'hm_d-${"t".repeat(210)}' must be no longer than 211 characters`);
});

test("build: a backup extension naming another directory is refused at home-manager.backupFileExtension; an empty one is no backup", async () => {
  const hm = (ext: string) => [mod(homeManagerModule), mod(seed), mod({ "home-manager": { backupFileExtension: ext, users: { alice: { home: { stateVersion: "24.05" } } } } })];
  const { error } = await buildError(hm("../up"));
  assert.equal(error.message.split("\n")[0], "Cannot use \"../up\" as `home-manager.backupFileExtension': a backup is made beside its file, so the extension may not hold a '/' (or a NUL)");
  const { manifest } = await build(hm(""));
  assert.equal(manifest.homes.alice?.backupFileExtension, null);
});

test("build: an /etc copy's uid or gid that chown cannot take is refused at its option; a link's are not used", async () => {
  const { error } = await buildError([mod(seed), mod({ environment: { etc: { x: { text: "x", mode: "0644", uid: 99999999999 }, y: { text: "y", mode: "0600", gid: -2 } } } })]);
  assert.ok(error instanceof UserErrors, error.message);
  assert.deepEqual(error.errors.map((e) => e.message.split("\n")[0]), [
    "Cannot use uid 99999999999 for `environment.etc.x': expected a whole number from 0 to 4294967294",
    "Cannot use gid -2 for `environment.etc.y': expected a whole number from 0 to 4294967294",
  ]);
  await build([mod(seed), mod({ environment: { etc: { z: { text: "z", uid: 99999999999 } } } })]);
});

test("build: a platform other than the machine's is refused", async () => {
  const { error } = await buildError([mod({ ...seed, nixpkgs: { hostPlatform: "aarch64-linux" } })]);
  assert.match(error.message, /Cannot build for nixpkgs.hostPlatform "aarch64-linux" on this machine, which is "x86_64-linux"/);
});

test("build: packages of users and the system are recorded by attribute", async () => {
  const { manifest } = await build([mod(seed), mod(({ pkgs }: { pkgs: Record<string, unknown> }) => ({ environment: { systemPackages: [pkgs.git] }, users: { users: { alice: { packages: [pkgs.ripgrep] } } } }))]);
  assert.deepEqual(manifest.packages.system.map((p) => p.attr), ["git"]);
  assert.deepEqual(manifest.packages.users.alice?.map((p) => p.attr), ["ripgrep"]);
  assert.match(manifest.packages.users.alice?.[0]?.outPath ?? "", /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-ripgrep$/);
});
