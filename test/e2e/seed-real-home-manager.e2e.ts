/**
 * The seed's flake, unchanged, with the real nix-community/home-manager
 * (a local copy, never committed) and nixpkgs' real lib given as its
 * inputs with --override-input, switched in a booted Debian guest: the
 * real `home-manager.nixosModules.home-manager` is evaluated as is,
 * home-manager-alice.service runs our engine, and what the seed's Usage
 * and Notes promise holds. Skips, naming the reason, without the copies.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, GUEST_DIR } from "./project.ts";
import { bootWithUpstream, UPSTREAM_OVERRIDES, upstreamSkip as skip } from "./upstream-guest.ts";

const SWITCH = `cp -r ${GUEST_DIR}/examples/home-manager /root/seed 2>/dev/null; ${CLI} switch --flake /root/seed ${UPSTREAM_OVERRIDES}`;

let guest: Container;
before(async () => {
  if (skip === undefined) guest = await bootWithUpstream();
});
after(async () => {
  await guest?.shutdown();
});

test("the seed with the real home-manager: switch creates alice and activates her home as her", { skip }, async () => {
  const r = await guest.run(SWITCH, { timeoutMs: 900_000 });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  const show = (p: string) => `systemctl show -p ${p} --value home-manager-alice.service`;
  const unit = await guest.run(`systemctl status home-manager-alice.service >/dev/null; echo status=$?; ${show("ActiveState")}; ${show("SubState")}; ${show("ExecMainStatus")}; systemctl cat home-manager-alice.service | grep -c system-manager-engine`);
  assert.equal(unit.stdout, "status=0\nactive\nexited\n0\n1\n", `${unit.stderr}\n${(await guest.journal()).slice(-4000)}`);
  const files = await guest.run("runuser -u alice -- cat /home/alice/.config/example/hello.txt; readlink /home/alice/.local/state/nix/profiles/home-manager");
  assert.equal(files.stdout, "Hello from home-manager!\nhome-manager-1-link\n", files.stderr);
});

test("home.packages are on alice's login shell via /etc/profiles/per-user/alice, with home-manager's session variables", { skip }, async () => {
  const r = await guest.run("runuser -u alice -- bash -lc 'command -v rg; command -v git; git config user.name; git config user.email'; test -f /etc/profiles/per-user/alice/etc/profile.d/hm-session-vars.sh && echo session-vars");
  assert.equal(r.stdout, "/etc/profiles/per-user/alice/bin/rg\n/etc/profiles/per-user/alice/bin/git\nAlice\nalice@example.com\nsession-vars\n", r.stderr);
});

test("git's config is home-manager's own rendering (its settings, renamed options included)", { skip }, async () => {
  const r = await guest.run("cat /home/alice/.config/git/config");
  assert.match(r.stdout, /^\[user\]\n\temail = "alice@example\.com"\n\tname = "Alice"\n/m, r.stderr);
});

test("a second switch with the real home-manager prints \"No changes.\"", { skip }, async () => {
  const r = await guest.run(SWITCH, { timeoutMs: 600_000 });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout + r.stderr, /^No changes\.$/m);
});
