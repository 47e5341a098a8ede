/**
 * The seed's Usage as written (our CLI in place of `nix run …`, no
 * --override-input), in a booted Debian guest whose GitHub is a loopback
 * server on this host (the guest shares its network) serving the local
 * copies of the real nix-community/home-manager and nixpkgs.lib (never
 * committed): the flake's nixpkgs and home-manager are fetched and
 * locked, the real `home-manager.nixosModules.home-manager` is evaluated
 * as is, home-manager-alice.service runs our engine, and what the seed's
 * Usage and Notes promise holds. Then the same switch offline, from the
 * cached lock, with GitHub gone. Skips, naming the reason, without the
 * copies.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { bootProject, CLI, e2eSkipReason, GUEST_DIR } from "./project.ts";
import { upstream } from "../helpers/upstream.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";
import { loopback, tarball, type Loopback } from "../flake/loopback.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = e2eSkipReason() ?? ("skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined);
const HM_REV = "1111111111111111111111111111111111111111";
const NP_REV = "2222222222222222222222222222222222222222";
const SEED = "/root/seed";
const SWITCH = `test -d ${SEED} || cp -r ${GUEST_DIR}/examples/home-manager ${SEED}; ${CLI} switch --flake ${SEED}`;

let guest: Container;
let github: Loopback;
let env: Record<string, string>;
before(async () => {
  if (skip !== undefined || !("dir" in hm) || !("dir" in lib)) return;
  github = await loopback();
  github.refs.set("nix-community/home-manager/HEAD", HM_REV);
  github.refs.set("nixos/nixpkgs/nixos-unstable", NP_REV);
  github.archives.set(`nix-community/home-manager/${HM_REV}`, tarball(hm.dir, `home-manager-${HM_REV}`));
  github.archives.set(`nixos/nixpkgs/${NP_REV}`, tarball(lib.dir, `nixpkgs-${NP_REV}`));
  env = { SYSTEM_MANAGER_GITHUB_API: `${github.url}/api`, SYSTEM_MANAGER_GITHUB_URL: `${github.url}/gh` };
  guest = await bootProject();
});
after(async () => {
  await guest?.shutdown();
  await github?.close();
});

test("the seed's Usage fetches and locks the real home-manager and nixpkgs; switch creates alice and activates her home as her", { skip }, async () => {
  const r = await guest.run(SWITCH, { timeoutMs: 900_000, env });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.doesNotMatch(r.stderr, /cannot fetch input/);
  assert.match(r.stderr, /warning: creating lock file '\/root\/seed\/flake\.lock':\n• Added input 'home-manager':\n    'github:nix-community\/home-manager\/1{40}' /);
  const lock = JSON.parse((await guest.run(`cat ${SEED}/flake.lock`)).stdout);
  assert.equal(lock.nodes["home-manager"].locked.rev, HM_REV);
  assert.equal(lock.nodes.nixpkgs.locked.rev, NP_REV);
  assert.match(lock.nodes["home-manager"].locked.narHash, /^sha256-/);
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

test("a second switch with the locked inputs prints \"No changes.\"", { skip }, async () => {
  const r = await guest.run(SWITCH, { timeoutMs: 600_000, env });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout + r.stderr, /^No changes\.$/m);
});

test("The seed's Usage still holds in the container, offline, with a cached lock", { skip }, async () => {
  const lockBefore = (await guest.run(`cat ${SEED}/flake.lock`)).stdout;
  const asked = github.requests.length;
  const r = await guest.run(`${SWITCH} --offline --no-eval-cache`, { timeoutMs: 900_000, env: NO_GITHUB });
  assert.equal(r.code, 0, `switch --offline failed:\n${r.stdout}${r.stderr}`);
  assert.doesNotMatch(r.stderr, /cannot fetch input|lock file/);
  assert.match(r.stdout + r.stderr, /^No changes\.$/m, "the same generation, from the cached trees of the lock");
  assert.equal(github.requests.length, asked, "nothing was asked of GitHub");
  assert.equal((await guest.run(`cat ${SEED}/flake.lock`)).stdout, lockBefore);
  const check = await guest.run("systemctl is-active home-manager-alice.service; runuser -u alice -- cat /home/alice/.config/example/hello.txt");
  assert.equal(check.stdout, "active\nHello from home-manager!\n", check.stderr);
});
