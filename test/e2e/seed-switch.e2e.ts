import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { bootProject, CLI, e2eSkipReason, GUEST_DIR } from "./project.ts";

const skip = e2eSkipReason();
const SWITCH = `${CLI} switch --config ${GUEST_DIR}/examples/home-manager/system.config.ts`;

// One guest for the sequence: the second switch needs the first one's result.
let guest: Container;
before(async () => {
  if (skip === undefined) guest = await bootProject();
});
after(async () => {
  await guest?.shutdown();
});

test("switch as root creates alice (uid 5000), her home owned 5000:5000 and /etc/nix/nix.conf", { skip }, async () => {
  const r = await guest.run(SWITCH);
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  const check = await guest.run("id -u alice; id -g alice; stat -c '%u:%g' /home/alice; test -f /etc/nix/nix.conf && echo nix.conf");
  assert.equal(check.stdout, "5000\n5000\n5000:5000\nnix.conf\n", check.stderr);
  assert.ok(guest.changedFiles().includes("f /etc/passwd"));
});

test("a second switch prints \"No changes.\"", { skip }, async () => {
  const r = await guest.run(SWITCH);
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout + r.stderr, /^No changes\.$/m);
});

// The seed's Usage and Notes, each checked on the booted systemd after the switch above.
test("systemctl status home-manager-alice.service succeeds: active, exited 0", { skip }, async () => {
  const show = (p: string) => `systemctl show -p ${p} --value home-manager-alice.service`;
  const r = await guest.run(`systemctl status home-manager-alice.service >/dev/null; echo status=$?; ${show("ActiveState")}; ${show("SubState")}; ${show("ExecMainStatus")}`);
  assert.equal(r.stdout, "status=0\nactive\nexited\n0\n", r.stderr);
});

test("the activated dotfiles live under /home/alice/.config/", { skip }, async () => {
  const r = await guest.run("runuser -u alice -- cat /home/alice/.config/example/hello.txt");
  assert.equal(r.stdout, "Hello from home-manager!\n", r.stderr);
});

test("the generation symlinks live under /home/alice/.local/state/nix/profiles/", { skip }, async () => {
  const r = await guest.run("readlink /home/alice/.local/state/nix/profiles/home-manager; test -f \"$(readlink -f /home/alice/.local/state/nix/profiles/home-manager)/home.json\" && echo generation");
  assert.equal(r.stdout, "home-manager-1-link\ngeneration\n", r.stderr);
});

test("home.packages are on alice's login shell via /etc/profiles/per-user/alice/bin", { skip }, async () => {
  const r = await guest.run("runuser -u alice -- bash -lc 'command -v rg; rg --version | head -1'");
  assert.match(r.stdout, /^\/etc\/profiles\/per-user\/alice\/bin\/rg\nripgrep \d+\.\d+/, r.stderr);
});

// The guest has no git of its own: alice's is the one the seed installs in her profile.
test("alice's git (from her profile) reads the generated config", { skip }, async () => {
  const r = await guest.run("runuser -u alice -- bash -lc 'command -v git; git config user.name; git config user.email'");
  assert.equal(r.stdout, "/etc/profiles/per-user/alice/bin/git\nAlice\nalice@example.com\n", r.stderr);
});

test("a pre-existing ~alice/.config/git/config ends up as config.bak", { skip }, async () => {
  const fresh = await bootProject();
  try {
    const prep = await fresh.run("mkdir -p /home/alice/.config/git && printf '[user]\\n\\tname = before\\n' > /home/alice/.config/git/config && chown -R 5000:5000 /home/alice");
    assert.equal(prep.code, 0, prep.stderr);
    const r = await fresh.run(SWITCH);
    assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
    const check = await fresh.run("cat /home/alice/.config/git/config.bak; test -L /home/alice/.config/git/config && echo link; runuser -u alice -- bash -lc 'git config user.name'");
    assert.equal(check.stdout, "[user]\n\tname = before\nlink\nAlice\n", check.stderr);
  } finally {
    await fresh.shutdown();
  }
});
