/**
 * programs.ssh on a booted Debian 12, read by Debian's own ssh client
 * (pkgs.openssh, realised into the store): the generated ssh_config
 * (extraConfig first, then `Host *` with GlobalKnownHostsFile and the
 * algorithms) is what `ssh -G` reports, ssh-keygen finds the declared
 * known host in ssh_known_hosts, the host's ssh_config is kept aside, and
 * deactivate gives it back and removes the known hosts file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();
const SWITCH_TIMEOUT = 15 * 60_000;
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGwuVmBTHPQhP7Fq2AJqTJcNpUNV3Ka0Jz2mjKDtvFrK";
const HOST_CONFIG = "# ssh_config as the host had it\nHost *\n    SendEnv LANG LC_*\n";

const flake = `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ pkgs, ... }: {
        nixpkgs.hostPlatform = "x86_64-linux";
        environment.systemPackages = [ pkgs.openssh ];
        programs.ssh = {
          enable = true;
          extraConfig = ''
            Host build
              User ci
              Port 2222
          '';
          hostKeyAlgorithms = [ "ssh-ed25519" ];
          knownHosts."git.example.test" = { publicKey = "${KEY}"; extraHostNames = [ "192.0.2.7" ]; };
        };
      }) ];
    };
  };
}
`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);

const SW = "/run/system-manager/sw/bin";

test("switch: Debian's ssh reads the generated ssh_config and known hosts; the host's ssh_config is kept aside", { skip, timeout: SWITCH_TIMEOUT + 60_000 }, async () => {
  await sh(`mkdir -p /etc/ssh /root/site && printf '%s' '${HOST_CONFIG}' > /etc/ssh/ssh_config && cat > /root/site/flake.nix <<'EOF'\n${flake}EOF`);
  await sh(`cd /root/site && ${CLI} switch --flake .#default`, SWITCH_TIMEOUT);
  const g = await sh(`${SW}/ssh -G build | grep -E '^(user|port|globalknownhostsfile|hostkeyalgorithms|forwardx11) '`);
  assert.equal(g, "user ci\nport 2222\nforwardx11 no\nhostkeyalgorithms ssh-ed25519\nglobalknownhostsfile /etc/ssh/ssh_known_hosts\n");
  assert.equal(await sh(`${SW}/ssh -G elsewhere | grep -E '^(user|port) '`), "user root\nport 22\n");
  assert.match(await sh(`${SW}/ssh-keygen -F 192.0.2.7 -f /etc/ssh/ssh_known_hosts`), /^git\.example\.test,192\.0\.2\.7 ssh-ed25519 AAAAC3/m);
  assert.equal(await sh("cat /etc/ssh/ssh_config.system-manager-backup"), HOST_CONFIG);
});

test("deactivate gives the host's ssh_config back and removes ssh_known_hosts", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  assert.equal(await sh("cat /etc/ssh/ssh_config; test -e /etc/ssh/ssh_known_hosts || echo no-known-hosts; test -e /etc/ssh/ssh_config.system-manager-backup || echo no-backup"), `${HOST_CONFIG}no-known-hosts\nno-backup\n`);
});
