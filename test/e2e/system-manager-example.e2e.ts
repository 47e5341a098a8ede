/**
 * system-manager's own example configuration (its examples/example.nix),
 * restated in our words and run on a booted Debian 12: /etc files in every
 * shape it uses (text, a renamed target, links, nested directories, copies
 * with names or numbers as owners, a link to a path outside the store),
 * ten oneshot services ordered after network-online.target where the
 * later ones are required by the first, tmpfiles rules and settings,
 * ripgrep and fd on the system profile, nginx (here on a loopback port:
 * the guest shares the host's network) and the upgrade timer. After the
 * switch every service is active and answers; a second switch changes
 * nothing; deactivate takes it all away.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();
const PORT = 18071;
const DIR = "/root/example";
const SWITCH_TIMEOUT = 15 * 60_000;

const module = `{ lib, pkgs, ... }: {
  services.nginx = {
    enable = true;
    virtualHosts.example = { listen = [ { addr = "127.0.0.1"; port = ${PORT}; } ]; root = "\${pkgs.writeTextDir "index.html" "served by the example"}"; };
  };
  system.autoUpgrade = { enable = true; flake = "path:${DIR}"; dates = "hourly"; randomizedDelaySec = "10min"; };
  environment.systemPackages = [ pkgs.ripgrep pkgs.fd ];
  environment.etc = {
    greeting = { text = "a plain text file\\n"; target = "greeting_renamed"; };
    "settings.conf".text = "enabled = true\\n";
    "deep/down/linked" = { text = "linked\\n"; mode = "symlink"; };
    private = { text = "root only"; mode = "0700"; user = "root"; group = "root"; };
    "tree/one/copied" = { text = "copied"; mode = "0764"; user = "root"; group = "root"; };
    numeric = { text = "numbers\\n"; mode = "0755"; uid = 5; gid = 6; };
    named = { text = "names\\n"; mode = "0755"; user = "nobody"; group = "users"; };
    outside.source = "/run/systemd/system/";
  };
  systemd.services = lib.listToAttrs (lib.genList (i: lib.nameValuePair "example-\${toString i}" {
    description = "example \${toString i}";
    wants = [ "network-online.target" ];
    after = [ "network-online.target" ];
    serviceConfig = { Type = "oneshot"; RemainAfterExit = true; };
    wantedBy = [ "system-manager.target" ];
    requiredBy = lib.mkIf (i > 5) [ "example-0.service" ];
    script = "sleep \${if i > 5 then "2" else "1"}";
  }) 10);
  systemd.tmpfiles.rules = [ "D /var/tmp/example-rules 0755 root root -" ];
  systemd.tmpfiles.settings.example."/var/tmp/example-settings".d.mode = "0750";
}
`;

const flake = `{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  inputs.system-manager = { url = "github:numtide/system-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; } ./example.nix ];
    };
  };
}
`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);

const services = Array.from({ length: 10 }, (_, i) => `example-${i}.service`);

test("the example switches: its files, services, packages, nginx and timer are in place and answer", { skip }, async () => {
  await sh(`mkdir -p ${DIR} && cat > ${DIR}/flake.nix <<'EOF'\n${flake}EOF\ncat > ${DIR}/example.nix <<'EOF'\n${module}EOF`);
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.equal(await sh("cat /etc/greeting_renamed /etc/settings.conf /etc/deep/down/linked"), "a plain text file\nenabled = true\nlinked\n");
  assert.equal(await sh("test -e /etc/greeting && echo there || echo absent"), "absent\n", "the renamed target only");
  const stat = (p: string) => sh(`stat -c '%a %U %G %F' ${p}`);
  assert.equal(await stat("/etc/private"), "700 root root regular file\n");
  assert.equal(await stat("/etc/tree/one/copied"), "764 root root regular file\n");
  assert.equal(await sh("stat -c '%a %u %g' /etc/numeric"), "755 5 6\n");
  assert.equal(await stat("/etc/named"), "755 nobody users regular file\n");
  assert.equal(await sh("readlink -f /etc/outside"), "/run/systemd/system\n", "a link to the path outside the store");
  assert.equal(await sh(`systemctl is-active ${services.join(" ")} nginx.service system-manager-upgrade.timer | sort | uniq -c | sed 's/^ *//'`), "12 active\n");
  assert.equal(await sh("systemctl show -p RequiredBy --value example-6.service"), "example-0.service\n");
  assert.equal(await sh(`node -e 'fetch("http://127.0.0.1:${PORT}/").then(async (r) => process.stdout.write(r.status + " " + (await r.text())))'`), "200 served by the example");
  assert.equal(await sh("stat -c '%a %F' /var/tmp/example-rules /var/tmp/example-settings"), "755 directory\n750 directory\n");
  assert.match(await sh("bash -lc 'rg --version | head -1; command -v fd'"), /^ripgrep \d+\.\d+\.\d+.*\n\/run\/system-manager\/sw\/bin\/fd\n$/);
});

test("switching the example again changes nothing", { skip }, async () => {
  const r = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout + r.stderr, /No changes\./);
});

test("deactivate stops the example's services and removes its files", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  assert.equal(await sh(`systemctl is-active ${services.join(" ")} nginx.service system-manager-upgrade.timer | sort -u`), "inactive\n");
  assert.equal(await sh("for f in greeting_renamed settings.conf private named outside; do test -e /etc/$f -o -L /etc/$f && echo $f; done; echo end"), "end\n");
});
