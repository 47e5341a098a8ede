/**
 * security.sudo on a booted Debian 12 with its own sudo: a sudoers the
 * host's visudo rejects is refused by switch and --dry-run (exit 1,
 * visudo's words) with /etc/sudoers untouched and sudo still working; an
 * accepted one lets alice run `sudo -n` by her NOPASSWD rule and not bob,
 * keeps the host's file aside, and deactivate puts the host's back.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();

const config = (extraConfig: string) => `import { defineConfig } from "system-manager";
export default defineConfig({ modules: [{
  nixpkgs: { hostPlatform: "x86_64-linux" },
  users: {
    groups: { alice: { gid: 5000 }, bob: { gid: 5001 } },
    users: {
      alice: { isNormalUser: true, uid: 5000, group: "alice", initialPassword: "pw" },
      bob: { isNormalUser: true, uid: 5001, group: "bob", initialPassword: "pw" },
    },
  },
  security: { sudo: {
    enable: true,
    extraRules: [{ users: ["alice"], commands: [{ command: "ALL", options: ["NOPASSWD"] }] }],
    extraConfig: ${JSON.stringify(extraConfig)},
  } },
}] });
`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);

/** What sudo says for each user: "ok" when `sudo -n true` ran, else its exit status. */
const sudoFor = (u: string) => `if runuser -u ${u} -- sudo -n true 2>/dev/null; then echo ${u}=ok; else echo ${u}=$?; fi`;
const HOST = "sha256sum /etc/sudoers; stat -c '%a %U:%G' /etc/sudoers; test -e /etc/sudoers.system-manager-backup && echo backup || echo no-backup";
let hostSudoers = "";

test("a sudoers visudo rejects: switch and --dry-run exit 1 with visudo's message; /etc/sudoers untouched, sudo works", { skip }, async () => {
  await sh(`cat > /root/good.config.ts <<'EOF'\n${config("Defaults timestamp_timeout=5\n")}EOF\ncat > /root/broken.config.ts <<'EOF'\n${config("alice ALL=(ALL NOPASSWD ALL\n")}EOF`);
  hostSudoers = await sh(HOST);
  assert.match(hostSudoers, /\n440 root:root\nno-backup\n$/);
  for (const flag of ["--dry-run", ""]) {
    const r = await guest.run(`${CLI} switch ${flag} --config /root/broken.config.ts`);
    assert.equal(r.code, 1, `${flag}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /Cannot put \/etc\/sudoers in place: `\/usr\/sbin\/visudo -c -f %s' \(with %s = \S+\/etc\/sudoers\) rejected it \(exit status 1\)/, r.stderr);
    assert.match(r.stderr, /syntax error/, r.stderr);
    assert.match(r.stderr, /`security\.sudo\.extraConfig' \(defined in [^)]*\/root\/broken\.config\.ts/, r.stderr);
  }
  assert.equal(await sh(HOST), hostSudoers);
  assert.equal(await sh(`sudo -n true && echo root=ok; id alice >/dev/null 2>&1 || echo no-alice`), "root=ok\nno-alice\n");
});

test("an accepted sudoers: alice's NOPASSWD rule lets her run sudo -n, bob is refused; the host's file is kept aside; a broken one later changes nothing", { skip }, async () => {
  await sh(`${CLI} switch --config /root/good.config.ts`);
  assert.equal(await sh(`${sudoFor("alice")}; ${sudoFor("bob")}; runuser -u alice -- sudo -n id -un`), "alice=ok\nbob=1\nroot\n");
  const ours = await sh(HOST);
  assert.match(ours, /\n440 root:root\nbackup\n$/);
  assert.equal(await sh("sha256sum < /etc/sudoers.system-manager-backup | cut -d' ' -f1"), `${hostSudoers.split(" ")[0]}\n`);
  assert.match(await sh("cat /etc/sudoers"), /^alice {5}ALL=\(ALL:ALL\) {4}NOPASSWD: ALL\n[^]*^Defaults timestamp_timeout=5\n[^]*^@includedir \/etc\/sudoers\.d$/m);
  assert.equal(await sh("visudo -c >/dev/null && echo valid"), "valid\n");

  const r = await guest.run(`${CLI} switch --config /root/broken.config.ts`);
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.equal(await sh(HOST), ours);
  assert.equal(await sh(`${sudoFor("alice")}; ${sudoFor("bob")}`), "alice=ok\nbob=1\n");
});

test("deactivate puts the host's sudoers back", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  assert.equal(await sh(HOST), hostSudoers);
  assert.equal(await sh(`sudo -n true && echo root=ok; ${sudoFor("alice")}`), "root=ok\nalice=1\n");
});
