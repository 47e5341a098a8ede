/**
 * Users' shells as system-manager writes them (users-shells.ts): a shell
 * package becomes /run/system-manager/sw<shellPath> in the manifest's
 * passwd entry and is installed into the system profile; a path stays as
 * given; a package that is no shell is utils.toShellPath's error, located.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "../../build/build-generation.ts";
import { readSourceFromDisk } from "../../build/read-source.ts";
import type { Manifest } from "../../build/manifest.ts";
import { seedSystem, module } from "../../../test/helpers/system.ts";
import { testEngine } from "../../../test/helpers/engine.ts";
import { toShellPath } from "./users-shells.ts";
import { POSITIONS } from "../../nix/js-value.ts";
import type { UserError } from "../../diagnostics/user-error.ts";

type Pkgs = Record<string, any>;
const FILE = "/cfg/system.config.ts";
const bob = (user: (pkgs: Pkgs) => object) => ({ pkgs }: { pkgs: Pkgs }) => ({
  users: { users: { bob: { isNormalUser: true, ignoreShellProgramCheck: true, ...user(pkgs) } } },
});

async function build(config: unknown): Promise<Manifest> {
  const root = await mkdtemp(join(tmpdir(), "sm-shells-"));
  const r = await buildGeneration([module(seedSystem), module(config)], { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  return JSON.parse(await readFile(join(root, r.storePath, "manifest.json"), "utf8")) as Manifest;
}
const shellOf = (m: Manifest, name: string) => m.users.find((u) => u.name === name)?.shell;
const systemAttrs = (m: Manifest) => m.packages.system.map((p) => p.attr);

test("pkgs.zsh as a shell is /run/system-manager/sw/bin/zsh in passwd, and zsh is installed into the system profile", async () => {
  const m = await build(bob((pkgs) => ({ shell: pkgs.zsh })));
  assert.equal(shellOf(m, "bob"), "/run/system-manager/sw/bin/zsh");
  assert.deepEqual(systemAttrs(m), ["zsh"]);
});

test("users.defaultUserShell = pkgs.bashInteractive (system-manager's default): normal users' shell is the profile's bash; root's stays a default (the host's own is kept)", async () => {
  const m = await build(({ pkgs }: { pkgs: Pkgs }) => ({ users: { defaultUserShell: pkgs.bashInteractive, users: { bob: { isNormalUser: true } } } }));
  assert.equal(shellOf(m, "bob"), "/run/system-manager/sw/bin/bash");
  assert.equal(shellOf(m, "alice"), "/run/system-manager/sw/bin/bash");
  const root = m.users.find((u) => u.name === "root");
  assert.equal(root?.shell, "/run/system-manager/sw/bin/bash");
  assert.ok(root?.defaulted.includes("shell"));
  // One entry per user, as NixOS's users-groups.nix lists them; the profile links the one package once.
  assert.deepEqual(new Set(systemAttrs(m)), new Set(["bashInteractive"]));
});

test("bash, bashInteractive and a package given a shellPath with overrideAttrs are shells too; what the system installs otherwise stays", async () => {
  const m = await build(({ pkgs }: { pkgs: Pkgs }) => ({
    environment: { systemPackages: [pkgs.git] },
    users: {
      users: {
        bob: { isNormalUser: true, shell: pkgs.bashInteractive },
        carol: { isNormalUser: true, shell: pkgs.hello.overrideAttrs({ passthru: { shellPath: "/bin/hello" } }) },
      },
    },
  }));
  assert.equal(shellOf(m, "bob"), "/run/system-manager/sw/bin/bash");
  assert.equal(shellOf(m, "carol"), "/run/system-manager/sw/bin/hello");
  assert.deepEqual(systemAttrs(m).sort(), ["bashInteractive", "git", "hello"]);
});

test("a path stays as given, a store path too, and installs nothing", async () => {
  const m = await build(({ pkgs }: { pkgs: Pkgs }) => ({
    users: { users: { bob: { isNormalUser: true, shell: "/usr/bin/zsh" }, carol: { isNormalUser: true, shell: `${pkgs.zsh}/bin/zsh` } } },
  }));
  assert.equal(shellOf(m, "bob"), "/usr/bin/zsh");
  assert.match(shellOf(m, "carol") ?? "", /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-zsh\/bin\/zsh$/);
  assert.deepEqual(systemAttrs(m), []);
});

test("a package that is no shell is utils.toShellPath's error, naming the option and where it is defined", async () => {
  // As the TypeScript loader records where `bob` is defined.
  const users = (pkgs: Pkgs) => Object.defineProperty({ bob: { isNormalUser: true, shell: pkgs.hello } }, POSITIONS, { value: new Map([["bob", { file: FILE, line: 7, column: 5 }]]) });
  await assert.rejects(build(({ pkgs }: { pkgs: Pkgs }) => ({ users: { users: users(pkgs) } })), (e: UserError) => {
    assert.match(e.message, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-hello is not a shell package, for `users\.users\.bob\.shell': a login shell is a package with a shellPath/);
    assert.deepEqual([e.location?.file, e.location?.line], [FILE, 7]);
    return true;
  });
});

test("toShellPath: null keeps an existing user's shell", () => {
  assert.equal(toShellPath(["users", "users", "x", "shell"], null), null);
  assert.equal(toShellPath(["users", "users", "x", "shell"], "/bin/sh"), "/bin/sh");
  assert.equal(toShellPath(["users", "users", "x", "shell"], { type: "derivation", outPath: "/s/zsh", shellPath: "/bin/zsh" }), "/run/system-manager/sw/bin/zsh");
});
