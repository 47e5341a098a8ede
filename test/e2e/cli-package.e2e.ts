/**
 * The system-manager package (src/build/cli-package.ts) in a booted Debian
 * 12 guest: after a switch to a flake with
 * `environment.systemPackages = [ system-manager.packages.x86_64-linux.default ]`
 * and system.autoUpgrade, `system-manager` is on a login shell's PATH
 * (/run/system-manager/sw/bin), a store path, and runs `generations` with
 * no node on PATH; the upgrade service's script runs that store path's
 * bin/system-manager, and starting it switches to the changed flake from
 * the store alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";
import { GUEST_NODE_LINKS } from "./node.ts";

const skip = e2eSkipReason() ?? (process.arch !== "x64" ? "the guest's flake names x86_64-linux" : undefined);
const DIR = "/root/cli-package";
const STORE = "/var/lib/system-manager/store";

const flake = (marker: string) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [
        {
          nixpkgs.hostPlatform = "x86_64-linux";
          environment.systemPackages = [ system-manager.packages.x86_64-linux.default ];
          system.autoUpgrade = { enable = true; flake = "path:${DIR}"; dates = "Mon 03:15"; };
          environment.etc."cli-package-marker".text = "${marker}\\n";
        }
      ];
    };
  };
}
`;
const writeFlake = (marker: string) => guest.sh(`mkdir -p ${DIR} && cat > ${DIR}/flake.nix <<'EOF'\n${flake(marker)}EOF`);

let guest: Container;
guestForFile(skip, (g) => (guest = g));

test("after a switch, system-manager is on PATH as a store path and runs without node on PATH", { skip }, async () => {
  await writeFlake("first");
  await guest.sh(`${CLI} switch --flake ${DIR}`, 600_000);
  // Node leaves PATH (the binary stays, off PATH, for nothing here to use).
  await guest.sh(`rm -f ${GUEST_NODE_LINKS.map(([link]) => link).join(" ")}`);
  const r = await guest.run("bash -lc 'command -v node; command -v system-manager; readlink -f \"$(command -v system-manager)\"; system-manager generations'");
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  const [where, real, ...rest] = r.stdout.split("\n");
  assert.equal(where, "/run/system-manager/sw/bin/system-manager", "no node on PATH, system-manager from the system profile");
  assert.match(real ?? "", new RegExp(`^${STORE}/[0-9a-z]{32}-system-manager-[^/]+/bin/system-manager$`));
  assert.match(rest.join("\n"), new RegExp(`${STORE}/[0-9a-z]{32}-system-manager\\b`), "generations lists the generation");
});

test("the upgrade service runs the store path's system-manager, which switches to the changed flake", { skip }, async () => {
  const cli = (await guest.sh("readlink -f /run/system-manager/sw/bin/system-manager")).trim();
  const execStart = (await guest.sh("systemctl show -p ExecStart --value system-manager-upgrade.service")).match(/path=(\S+)/)?.[1] ?? "";
  const script = await guest.sh(`cat '${execStart}'`);
  assert.ok(script.includes(`${cli} switch --refresh --flake path:${DIR}`), `the unit's script runs the store path:\n${script}`);
  assert.doesNotMatch(script, /\/opt\/system-manager|\/opt\/node/, "nothing of the checkout or the host's node");
  await writeFlake("second");
  const r = await guest.run("systemctl start system-manager-upgrade.service; echo exit=$?", { timeoutMs: 600_000 });
  const journal = await guest.journal("system-manager-upgrade.service");
  assert.equal(r.stdout, "exit=0\n", `${r.stderr}\n${journal.slice(-4000)}`);
  assert.equal(await guest.sh("cat /etc/cli-package-marker; systemctl show -p Result --value system-manager-upgrade.service"), "second\nsuccess\n", journal.slice(-4000));
  assert.equal((await guest.sh("readlink -f /run/system-manager/sw/bin/system-manager")).trim(), cli, "the switch it ran gives the same package: same inputs, same path");
});
