/**
 * The seed's Usage as written (our CLI in place of `nix run …`):
 * `system-manager switch --flake /path/to/this/example --sudo`, by a
 * sudo-capable user, and as root without --sudo. The guest has no GitHub
 * (its base URLs point at a closed loopback port, test/helpers/no-network.ts,
 * whether or not this host is online): the seed's nixpkgs and home-manager
 * cannot be fetched, so the built-in ones stand in and the CLI says so.
 * (seed-real-home-manager.e2e.ts runs the same Usage with them fetched.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { bootProject, CLI, e2eSkipReason, GUEST_DIR } from "./project.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const skip = e2eSkipReason();
const FLAKE = `${GUEST_DIR}/examples/home-manager`;
const CHECK = "id -u alice; systemctl is-active home-manager-alice.service; runuser -u alice -- bash -lc 'command -v rg'; runuser -u alice -- bash -lc 'git config user.name'";
const EXPECTED = "5000\nactive\n/etc/profiles/per-user/alice/bin/rg\nAlice\n";
const NO_NET = Object.entries(NO_GITHUB).map(([k, v]) => `${k}=${v}`).join(" ");
const STAND_INS = /warning: cannot fetch input 'home-manager' [^\n]*\nthe project's built-in home-manager modules stand in for it[^\n]*\nwarning: cannot fetch input 'nixpkgs' /;

test("a sudo-capable user runs: system-manager switch --flake /path/to/this/example --sudo", { skip }, async () => {
  const guest = await bootProject();
  try {
    const setup = await guest.run("useradd -m -s /bin/bash bob && echo 'bob ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/bob && chmod 0440 /etc/sudoers.d/bob");
    assert.equal(setup.code, 0, setup.stderr);
    const r = await guest.run(`runuser -l bob -c '${NO_NET} ${CLI} switch --flake ${FLAKE} --sudo'`);
    assert.equal(r.code, 0, `switch --sudo failed:\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, STAND_INS);
    const check = await guest.run(CHECK);
    assert.equal(check.stdout, EXPECTED, check.stderr);
    const staged = await guest.run("stat -c %U /home/bob/.cache/system-manager/staging/var/lib/system-manager/store");
    assert.equal(staged.stdout, "bob\n", "the build ran as bob");
  } finally {
    await guest.shutdown();
  }
});

test("root runs: system-manager switch --flake /path/to/this/example", { skip }, async () => {
  const guest = await bootProject();
  try {
    const r = await guest.run(`${CLI} switch --flake ${FLAKE}`, { env: NO_GITHUB });
    assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, STAND_INS);
    assert.match(r.stdout + r.stderr, /has been renamed to `programs\.git\.settings\.user\.name'/);
    const check = await guest.run(CHECK);
    assert.equal(check.stdout, EXPECTED, check.stderr);
    const again = await guest.run(`${CLI} switch --flake ${FLAKE}`, { env: NO_GITHUB });
    assert.match(again.stdout + again.stderr, /^No changes\.$/m);
  } finally {
    await guest.shutdown();
  }
});
