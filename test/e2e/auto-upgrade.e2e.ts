/**
 * system.autoUpgrade in a booted Debian 12 guest: after a switch, the
 * upgrade timer is active and scheduled, and starting
 * system-manager-upgrade.service (what the timer does at `dates`) runs
 * this installation's `system-manager switch --refresh --flake` on the
 * local flake, which by then says something new: the new generation is
 * activated, and the service ends successfully without being restarted
 * by the switch it ran.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();
const DIR = "/root/upgrade";

const flake = (marker: string) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [
        {
          nixpkgs.hostPlatform = "x86_64-linux";
          system.autoUpgrade = { enable = true; flake = "path:${DIR}"; dates = "Mon 03:15"; };
          environment.etc."upgrade-marker".text = "${marker}\\n";
        }
      ];
    };
  };
}
`;
const writeFlake = (marker: string) => guest.run(`mkdir -p ${DIR} && cat > ${DIR}/flake.nix <<'EOF'\n${flake(marker)}EOF`);

let guest: Container;
guestForFile(skip, (g) => (guest = g));

test("after a switch, the upgrade timer is active and waits for the configured calendar event", { skip }, async () => {
  assert.equal((await writeFlake("first")).code, 0);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: 600_000 });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  const t = await guest.run("systemctl is-active system-manager-upgrade.timer; systemctl show -p TimersCalendar --value system-manager-upgrade.timer; cat /etc/upgrade-marker");
  assert.match(t.stdout, /^active\n\{ OnCalendar=Mon \*-\*-\* 03:15:00 ; next_elapse=.* \}\nfirst\n$/, t.stderr);
  const unit = await guest.run("systemctl show -p Type,ActiveState --value system-manager-upgrade.service");
  assert.equal(unit.stdout, "oneshot\ninactive\n", unit.stderr);
});

test("starting the upgrade service switches to the flake as it is now, and the service succeeds", { skip }, async () => {
  assert.equal((await writeFlake("second")).code, 0);
  const r = await guest.run("systemctl start system-manager-upgrade.service; echo exit=$?", { timeoutMs: 600_000 });
  const journal = await guest.journal("system-manager-upgrade.service");
  assert.equal(r.stdout, "exit=0\n", `${r.stderr}\n${journal.slice(-4000)}`);
  const after = await guest.run("cat /etc/upgrade-marker; systemctl show -p Result,NRestarts --value system-manager-upgrade.service; systemctl is-active system-manager-upgrade.timer");
  assert.equal(after.stdout, "second\nsuccess\n0\nactive\n", `${after.stderr}\n${journal.slice(-4000)}`);
  assert.match(journal, /switch|generation/i, "the switch's own output is in the service's journal");
});
