/**
 * users.users.root on a booted Debian 12 with Debian's openssh-server (as
 * a host has it; kept from starting here, as the guest shares the host's
 * network): a flake that only gives root an authorized key and reads
 * `config.users.users.root.home` switches, as it does on NixOS; sshd
 * listens on an unusual loopback port and root logs in with that key.
 * Declaring root and nobody changes nothing of them: /etc/passwd and
 * /etc/shadow are byte-identical before and after the switch (root's
 * GECOS "root" stays, not "System administrator"; nobody's home stays
 * /nonexistent), a second switch plans nothing, and after deactivate they
 * are still identical (neither account locked) and root's key is gone.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { bootProject, CLI, e2eSkipReason } from "./project.ts";

const skip = e2eSkipReason();
const PORT = 18122;
const SWITCH_TIMEOUT = 15 * 60_000;

const flake = (key: string) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ ({ config, ... }: {
        nixpkgs.hostPlatform = "x86_64-linux";
        services.openssh = {
          enable = true;
          ports = [ ${PORT} ];
          listenAddresses = [ { addr = "127.0.0.1"; } ];
          settings.PasswordAuthentication = false;
        };
        users.users.root.openssh.authorizedKeys.keys = [ "${key}" ];
        environment.etc."roothome".text = config.users.users.root.home;
        environment.etc."rootuid".text = toString config.users.users.root.uid;
      }) ];
    };
  };
}
`;

let guest: Container;
let key = "";
let accounts = "";
before(async () => {
  if (skip !== undefined) return;
  guest = await bootProject();
  // 101 from policy-rc.d: the package is installed and enabled but not started (it would listen on the shared port 22).
  const install = await guest.run(
    "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null; r=$?; rm -f /usr/sbin/policy-rc.d; exit $r",
    { timeoutMs: 10 * 60_000 },
  );
  assert.equal(install.code, 0, `${install.stdout}${install.stderr}`);
  await sh("ssh-keygen -q -t ed25519 -N '' -C root@e2e -f /root/root_key");
  key = (await sh("cat /root/root_key.pub")).trim();
  accounts = await accountFiles();
});
after(async () => {
  await guest?.shutdown();
});

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
/** /etc/passwd and /etc/shadow, whole, and their root and nobody lines (shown first, for a readable failure). */
const accountFiles = () => sh("grep -E '^(root|nobody):' /etc/passwd /etc/shadow; echo; cat /etc/passwd /etc/shadow");
const SSH = `ssh -p ${PORT} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10`;

test("Debian's root and nobody are as Debian makes them", { skip }, async () => {
  assert.match(accounts, /^\/etc\/passwd:root:x:0:0:root:\/root:\/bin\/bash$/m);
  assert.match(accounts, /^\/etc\/passwd:nobody:x:65534:65534:nobody:\/nonexistent:\/usr\/sbin\/nologin$/m);
});

test("a flake giving root an authorized key and reading its home switches; root logs in with the key; root's and nobody's lines are untouched", { skip, timeout: SWITCH_TIMEOUT + 120_000 }, async () => {
  await sh(`mkdir -p /root/rootcfg && cat > /root/rootcfg/flake.nix <<'EOF'\n${flake(key)}EOF`);
  const r = await guest.run(`${CLI} switch --flake /root/rootcfg`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.doesNotMatch(r.stdout + r.stderr, /^ *[~-] user (root|nobody)/m, "no change planned for root or nobody");
  assert.equal(await accountFiles(), accounts);
  assert.equal(await sh("cat /etc/roothome /etc/rootuid"), "/root0");
  assert.equal(await sh("cat /etc/ssh/authorized_keys.d/root"), `${key}\n\n`);
  const login = await guest.run(`${SSH} -i /root/root_key root@127.0.0.1 'id -un; echo $HOME'`, { timeoutMs: 60_000 });
  assert.equal(login.code, 0, `${login.stdout}${login.stderr}\n${(await guest.journal("ssh-system-manager.service")).slice(-3000)}`);
  assert.equal(login.stdout, "root\n/root\n");
});

test("a second switch plans nothing, --dry-run first, and the files stay identical", { skip, timeout: 2 * SWITCH_TIMEOUT }, async () => {
  const dry = await guest.run(`${CLI} switch --dry-run --flake /root/rootcfg`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(dry.code, 0, `${dry.stdout}${dry.stderr}`);
  assert.match(dry.stdout + dry.stderr, /^No changes\.$/m, dry.stdout + dry.stderr);
  const again = await guest.run(`${CLI} switch --flake /root/rootcfg`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(again.code, 0, `${again.stdout}${again.stderr}`);
  assert.match(again.stdout + again.stderr, /^No changes\.$/m, again.stdout + again.stderr);
  assert.equal(await accountFiles(), accounts);
});

test("deactivate: root's key is gone, /etc/passwd and /etc/shadow are still identical, neither root nor nobody locked", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  assert.equal(await sh("test -e /etc/ssh/authorized_keys.d/root && echo kept || echo gone"), "gone\n");
  assert.equal(await accountFiles(), accounts);
  assert.doesNotMatch(await sh("grep -E '^(root|nobody):' /etc/shadow | cut -d: -f2"), /^!/m);
});
