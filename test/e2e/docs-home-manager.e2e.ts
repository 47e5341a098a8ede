/**
 * system-manager's documentation example docs/site/examples/home-manager.md,
 * its flake.nix read from the mirror at test time (skipped, saying why,
 * without it), on a booted Debian 12. Its home-manager input cannot be
 * fetched here, so the project's own home-manager modules stand in, as
 * the build says. A dotfile alice already had where the example puts one
 * is kept as `.bak` (its backupFileExtension). After `switch`
 * home-manager-alice.service has run once and succeeded; alice (uid and
 * gid 5000) has ~/.config/example/hello.txt with the example's text,
 * git's config with her name and email, ripgrep and git in
 * /etc/profiles/per-user/alice/bin, and her generation linked under
 * ~/.local/state/nix/profiles. A second switch leaves her files and the
 * unit's run alone; deactivate removes the unit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { docsExample } from "./docs-example.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const example = docsExample("home-manager");
const skip = e2eSkipReason() ?? ("skip" in example ? example.skip : undefined);
const DIR = "/root/home-manager-example";
const SWITCH_TIMEOUT = 15 * 60_000;
const flake = "blocks" in example ? (example.blocks[0] as string) : "";
const PROFILE = "/etc/profiles/per-user/alice/bin";

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const show = (unit: string, prop: string) => sh(`systemctl show -p ${prop} --value ${unit}`).then((v) => v.trim());
const switchTo = async () => {
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
};
const asAlice = (command: string) => sh(`runuser -u alice -- env HOME=/home/alice PATH=${PROFILE}:/usr/bin:/bin ${command}`);
const homeFiles = () => sh("cd /home/alice && find . -path ./.cache -prune -o -print0 | sort -z | xargs -0 stat -c '%N %U %Y'");

test("the example's flake is what the mirror has: home-manager's NixOS module for alice", { skip }, () => {
  assert.match(flake, /home-manager\.nixosModules\.home-manager/);
  assert.match(flake, /backupFileExtension = "bak";/);
  assert.match(flake, /home\.file\."\.config\/example\/hello\.txt"\.text/);
});

test("switch: home-manager-alice.service ran; alice's files, git config and packages are in place, her old git config kept as .bak", { skip }, async () => {
  await sh(`set -e\nmkdir -p ${DIR} /home/alice/.config/git\ncat > ${DIR}/flake.nix <<'EOF'\n${flake}EOF\nprintf '[user]\\n\\tname = before\\n' > /home/alice/.config/git/config\nchown -R 5000:5000 /home/alice`);
  const r = await switchTo();
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /home-manager/, "the build says what stands in for the home-manager input");
  assert.deepEqual(
    [await show("home-manager-alice.service", "ActiveState"), await show("home-manager-alice.service", "SubState"), await show("home-manager-alice.service", "Result")],
    ["active", "exited", "success"],
    await guest.journal("home-manager-alice.service"),
  );
  assert.equal(await sh("getent passwd alice | cut -d: -f3,4,6"), "5000:5000:/home/alice\n");
  assert.equal(await sh("getent group alice | cut -d: -f3"), "5000\n");
  assert.equal(await sh("cat /home/alice/.config/example/hello.txt"), "Hello from home-manager!\n");
  assert.equal(await sh("stat -L -c %U /home/alice/.config/example/hello.txt; stat -c %U /home/alice/.config/example"), "root\nalice\n", "a link into the store, in alice's directory");
  assert.equal(await asAlice("git config --get user.name"), "Alice\n");
  assert.equal(await asAlice("git config --get user.email"), "alice@example.com\n");
  assert.equal(await sh("cat /home/alice/.config/git/config.bak"), "[user]\n\tname = before\n");
  assert.match(await asAlice("rg --version"), /^ripgrep \d+\.\d+/);
  assert.match(await sh("readlink -f /home/alice/.local/state/nix/profiles/home-manager"), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-home-manager-generation\n$/);
});

test("a second switch leaves alice's files and the unit's run alone", { skip }, async () => {
  const files = await homeFiles();
  const ran = await show("home-manager-alice.service", "ExecMainStartTimestampMonotonic");
  const r = await switchTo();
  assert.equal(r.code, 0, r.out);
  assert.equal(await homeFiles(), files);
  assert.equal(await show("home-manager-alice.service", "ExecMainStartTimestampMonotonic"), ran);
});

test("deactivate removes home-manager-alice.service", { skip }, async () => {
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(await sh("test -e /etc/systemd/system/home-manager-alice.service || echo gone"), "gone\n");
  assert.equal(await sh("systemctl is-active home-manager-alice.service || true"), "inactive\n");
});
