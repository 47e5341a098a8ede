/**
 * system-manager's documentation example docs/site/examples/users.md, both
 * of its configurations read from the mirror at test time (skipped, saying
 * why, without it), on a booted Debian 12.
 *
 * The first: alice, a normal user in wheel and docker with an initial
 * password, and myapp, a system user whose home is created. After the
 * switch getent shows both accounts and the groups; alice's shadow entry
 * is a crypt hash of "changeme" (checked with perl's crypt), her home and
 * myapp's belong to them. A second switch changes none of passwd, group
 * and shadow, and a password alice set herself survives it (mutableUsers).
 *
 * The advanced one gives bob `shell = pkgs.zsh` without programs.zsh:
 * NixOS refuses that with its assertion, and so do we, changing nothing.
 * With `ignoreShellProgramCheck = true` (the assertion's own way out) bob
 * logs into zsh as /run/system-manager/sw/bin/zsh (upstream's path, the
 * system profile's) and has the doc's hashed password verbatim,
 * and postgres its home. deactivate locks the accounts it made and gives
 * bob the host's shell for the profile's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { docsExample, flakeOf } from "./docs-example.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const example = docsExample("users");
const skip = e2eSkipReason() ?? ("skip" in example ? example.skip : undefined);
const DIR = "/root/users-example";
const SWITCH_TIMEOUT = 15 * 60_000;

const [basic, advanced] = "blocks" in example ? (example.blocks as [string, string]) : ["", ""];
const advancedChecked = advanced.replace("    shell = pkgs.zsh;\n", "    shell = pkgs.zsh;\n    ignoreShellProgramCheck = true;\n");

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const switchTo = async (module: string) => {
  await sh(`set -e\nmkdir -p ${DIR}\ncat > ${DIR}/flake.nix <<'EOF'\n${flakeOf(["system.nix"])}EOF\ncat > ${DIR}/system.nix <<'EOF'\n${module}EOF\n`);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
};
/** Whether `password` is the one alice's shadow hash was made from (perl-base's crypt, libcrypt's). */
const passwordIs = (user: string, password: string) =>
  sh(`getent shadow ${user} | cut -d: -f2 | perl -ne 'chomp; print crypt("${password}", $_) eq $_ ? "yes" : "no"'`);
const accounts = () => sh("sha256sum /etc/passwd /etc/group /etc/shadow /etc/gshadow");

test("users.md's configurations are what the mirror has", { skip }, () => {
  assert.match(basic, /users\.users\.alice = \{[^}]*initialPassword = "changeme";/);
  assert.match(basic, /users\.users\.myapp = \{[^}]*createHome = true;/);
  assert.match(advanced, /shell = pkgs\.zsh;/);
  assert.doesNotMatch(advanced, /ignoreShellProgramCheck/);
  assert.notEqual(advancedChecked, advanced);
});

test("users.md: alice and myapp with their groups, homes and alice's initial password", { skip }, async () => {
  const r = await switchTo(basic);
  assert.equal(r.code, 0, r.out);
  const alice = (await sh("getent passwd alice")).trim().split(":");
  assert.equal(alice[0], "alice");
  assert.ok(Number(alice[2]) >= 1000, `a normal user's uid: ${alice.join(":")}`);
  assert.deepEqual(alice.slice(3), ["100", "Alice User", "/home/alice", "/bin/bash"]);
  assert.equal(await sh("id -nG alice | tr ' ' '\\n' | sort | tr '\\n' ' '"), "docker users wheel ");
  assert.match(await sh("getent group docker wheel myapp"), /^docker:x:\d+:alice\nwheel:x:\d+:alice\nmyapp:x:\d+:\n$/);
  assert.equal(await passwordIs("alice", "changeme"), "yes");
  assert.equal(await passwordIs("alice", "changeMe"), "no");
  assert.equal(await sh("stat -c '%U %G %a' /home/alice"), "alice users 700\n");

  const myapp = (await sh("getent passwd myapp")).trim().split(":");
  assert.ok(Number(myapp[2]) < 1000, `a system user's uid: ${myapp.join(":")}`);
  assert.equal(myapp[3], (await sh("getent group myapp | cut -d: -f3")).trim());
  assert.deepEqual(myapp.slice(4), ["My Application service account", "/var/lib/myapp", "/usr/sbin/nologin"]);
  assert.equal(await sh("stat -c '%U %G' /var/lib/myapp"), "myapp myapp\n");
  assert.match(await sh("getent shadow myapp | cut -d: -f2"), /^[!*]/, "no password: no login");
});

test("users.md: a second switch changes no account file; a password alice set stays hers", { skip }, async () => {
  const before = await accounts();
  const r = await switchTo(basic);
  assert.equal(r.code, 0, r.out);
  assert.equal(await accounts(), before);
  await sh("echo 'alice:her-own' | chpasswd");
  const changed = await accounts();
  const again = await switchTo(basic);
  assert.equal(again.code, 0, again.out);
  assert.equal(await accounts(), changed);
  assert.equal(await passwordIs("alice", "her-own"), "yes", "initialPassword applies only when the account is made");
});

test("users.md advanced, as written: NixOS's assertion on bob's zsh without programs.zsh, located; nothing changed", { skip }, async () => {
  const before = await accounts();
  const r = await switchTo(advanced);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /Failed assertions:\n\s+- users\.users\.bob\.shell is set to zsh, but\n\s+programs\.zsh\.enable is not true\./);
  assert.match(r.out, /users\.users\.bob\.ignoreShellProgramCheck = true/);
  assert.match(r.out, /at \/root\/users-example\/system\.nix:\d+:\d+:/);
  assert.equal(await accounts(), before);
  assert.equal(await sh("getent passwd bob || echo none"), "none\n");
});

test("users.md advanced with ignoreShellProgramCheck: bob logs into zsh with the doc's hash; postgres has its home", { skip }, async () => {
  const r = await switchTo(advancedChecked);
  assert.equal(r.code, 0, r.out);
  const bob = (await sh("getent passwd bob")).trim().split(":");
  assert.deepEqual(bob.slice(4, 6), ["Bob Developer", "/home/bob"]);
  // As upstream writes it (its utils.toShellPath), with zsh installed into the system profile.
  assert.equal(bob[6], "/run/system-manager/sw/bin/zsh");
  assert.match(await sh("test -x /run/system-manager/sw/bin/zsh && readlink -f /run/system-manager/sw/bin/zsh"), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-zsh[^/]*\/.*zsh\n$/);
  // su - starts the passwd shell through the profile's link: zsh runs, and SHELL names the profile's path.
  assert.equal(await sh("su - bob -c 'echo $ZSH_NAME $SHELL'"), "zsh /run/system-manager/sw/bin/zsh\n");
  assert.equal(await sh("getent shadow bob | cut -d: -f2"), "$6$rounds=500000$example$hashedpasswordhere\n");
  assert.match(await sh("id -nG bob"), /\bwheel\b/);
  assert.equal(await sh("stat -c '%U %G' /home/bob /var/lib/postgresql"), "bob users\npostgres postgres\n");
});

test("deactivate locks the accounts the example made", { skip }, async () => {
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(await sh("getent shadow bob | cut -d: -f2 | cut -c1"), "!\n");
  // Its shell was the profile's zsh: it gets the host's (zsh if installed, else /bin/sh), which exists once the profile is gone.
  assert.match(await sh("s=$(getent passwd bob | cut -d: -f7); test -x \"$s\" && echo \"$s\""), /^\/(usr\/)?bin\/(zsh|sh)\n$/);
});
