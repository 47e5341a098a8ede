/**
 * services.openssh on a booted Debian 12 with Debian's openssh-server
 * installed the way a host has it (its postinst's host keys, its
 * ssh.service enabled; kept from starting here, as the guest shares the
 * host's network): a switch masks ssh.service and ssh.socket, puts the
 * generated sshd_config in place (the host's kept aside; checked even
 * though the host keys were removed and no sshd ever made /run/sshd) and
 * starts ssh-system-manager.service on loopback, which generates the
 * missing host keys; alice logs in with the key declared in
 * users.users.alice.openssh.authorizedKeys, and a password login is
 * refused; a banner added restarts sshd, which shows it. An extraConfig
 * sshd rejects stops the switch with sshd's words and changes nothing;
 * one sshd cannot start with fails the switch with sshd's words, and the
 * good one recovers; networking.enableIPv6 = false gives sshd
 * `AddressFamily inet`; deactivate gives the host its sshd_config and its
 * ssh.service back.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { bootProject, CLI, e2eSkipReason } from "./project.ts";

const skip = e2eSkipReason();
const PORT = 18069;
const SWITCH_TIMEOUT = 15 * 60_000;

const flake = (key: string, extraConfig = "", addr = "127.0.0.1", banner = "", more = "") => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ {
        nixpkgs.hostPlatform = "x86_64-linux";${more}
        services.openssh = {
          enable = true;
          ports = [ ${PORT} ];
          listenAddresses = [ { addr = "${addr}"; } ];
          settings.PasswordAuthentication = false;
          settings.KbdInteractiveAuthentication = false;
          extraConfig = "${extraConfig}";
        }${banner === "" ? "" : ` // { banner = "${banner}\\n"; }`};
        users.users.alice = {
          isNormalUser = true;
          initialPassword = "alice-password";
          openssh.authorizedKeys.keys = [ "${key}" ];
        };
      } ];
    };
  };
}
`;

let guest: Container;
let hostConfig = "";
let key = "";
before(async () => {
  if (skip !== undefined) return;
  guest = await bootProject();
  // 101 from policy-rc.d: the package is installed and enabled but not started (it would listen on the shared port 22).
  const install = await guest.run(
    "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null; r=$?; rm -f /usr/sbin/policy-rc.d; exit $r",
    { timeoutMs: 10 * 60_000 },
  );
  assert.equal(install.code, 0, `${install.stdout}${install.stderr}`);
  hostConfig = (await guest.run("sha256sum /etc/ssh/sshd_config")).stdout;
  await sh("ssh-keygen -q -t ed25519 -N '' -C alice@e2e -f /root/alice_key");
  key = (await sh("cat /root/alice_key.pub")).trim();
});
after(async () => {
  await guest?.shutdown();
});

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);

const writeFlake = (text: string) => sh(`mkdir -p /root/ssh && cat > /root/ssh/flake.nix <<'EOF'\n${text}EOF`);
const SSH = `ssh -p ${PORT} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10`;
const login = (extra: string) => guest.run(`${SSH} ${extra} alice@127.0.0.1 id -un`, { timeoutMs: 60_000 });
const journal = async () => (await guest.journal("ssh-system-manager.service")).slice(-3000);

test("the host's openssh-server is in place: ssh.service enabled, host keys generated", { skip }, async () => {
  assert.equal((await guest.run("systemctl is-enabled ssh.service")).stdout, "enabled\n");
  await sh("test -s /etc/ssh/ssh_host_ed25519_key && test -s /etc/ssh/ssh_host_rsa_key");
});

test("switch on a host with no host keys and no /run/sshd yet: the check passes, the keys are generated, ssh.service masked, alice logs in with her key", { skip, timeout: SWITCH_TIMEOUT + 120_000 }, async () => {
  await sh("rm /etc/ssh/ssh_host_*; test ! -e /run/sshd");
  await writeFlake(flake(key));
  const r = await guest.run(`${CLI} switch --flake /root/ssh`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `switch failed:\n${r.stdout}${r.stderr}`);
  assert.equal(await sh("systemctl is-active ssh-system-manager.service"), "active\n", await journal());
  assert.deepEqual([(await guest.run("systemctl is-enabled ssh.service")).stdout, (await guest.run("systemctl is-enabled ssh.socket")).stdout], ["masked\n", "masked\n"]);
  const alias = await guest.run("systemctl start sshd.service");
  assert.notEqual(alias.code, 0, "the host's alias sshd.service (a link to ssh.service) cannot start the host's sshd either");
  assert.match(await sh("cat /etc/ssh/sshd_config"), new RegExp(`^PasswordAuthentication no$[^]*^Port ${PORT}$[^]*^ListenAddress 127\\.0\\.0\\.1$`, "m"));
  assert.equal(await sh("sha256sum /etc/ssh/sshd_config.system-manager-backup | cut -d' ' -f1"), hostConfig.split(" ")[0] + "\n");
  assert.equal(await sh("cat /etc/ssh/authorized_keys.d/alice"), `${key}\n\n`);
  const ok = await login("-i /root/alice_key");
  assert.equal(ok.code, 0, `${ok.stdout}${ok.stderr}\n${await journal()}`);
  assert.equal(ok.stdout, "alice\n");
  assert.equal(await sh("ls /etc/ssh | grep ^ssh_host_"), "ssh_host_ed25519_key\nssh_host_ed25519_key.pub\nssh_host_rsa_key\nssh_host_rsa_key.pub\n");
  assert.match(await sh("ssh-keygen -l -f /etc/ssh/ssh_host_rsa_key.pub"), /^4096 /);
});

test("a password login is refused: the server offers public keys only", { skip }, async () => {
  const r = await login("-o PubkeyAuthentication=no -o PreferredAuthentications=password,keyboard-interactive");
  assert.equal(r.code, 255, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /alice@127\.0\.0\.1: Permission denied \(publickey\)\./);
});

test("a changed configuration (a banner) restarts sshd, which shows the banner before alice logs in", { skip, timeout: SWITCH_TIMEOUT + 60_000 }, async () => {
  const pid = await sh("systemctl show -p MainPID --value ssh-system-manager.service");
  await writeFlake(flake(key, "", "127.0.0.1", "Authorised users only"));
  await sh(`${CLI} switch --flake /root/ssh`, SWITCH_TIMEOUT);
  assert.notEqual(await sh("systemctl show -p MainPID --value ssh-system-manager.service"), pid, "restarted");
  assert.match(await sh("grep ^Banner /etc/ssh/sshd_config"), /^Banner \/var\/lib\/system-manager\/store\/[a-z0-9]{32}-ssh_banner\n$/);
  const r = await login("-i /root/alice_key");
  assert.deepEqual([r.code, r.stdout], [0, "alice\n"], r.stderr);
  assert.match(r.stderr, /Authorised users only/);
  await writeFlake(flake(key));
  await sh(`${CLI} switch --flake /root/ssh`, SWITCH_TIMEOUT);
});

test("an extraConfig sshd rejects: switch and --dry-run exit 1 with sshd's words, nothing changes, alice still logs in", { skip, timeout: 2 * SWITCH_TIMEOUT }, async () => {
  const pid = await sh("systemctl show -p MainPID --value ssh-system-manager.service");
  const config = await sh("readlink /etc/ssh/sshd_config");
  await writeFlake(flake(key, "NoSuchOption yes"));
  for (const flag of ["--dry-run", ""]) {
    const r = await guest.run(`${CLI} switch ${flag} --flake /root/ssh`, { timeoutMs: SWITCH_TIMEOUT });
    assert.equal(r.code, 1, `${flag}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /Cannot put \/etc\/ssh\/sshd_config in place: /);
    assert.match(r.stderr, /line \d+: Bad configuration option: NoSuchOption/);
    assert.match(r.stderr, /services\.openssh\.extraConfig/);
  }
  assert.equal(await sh("readlink /etc/ssh/sshd_config"), config);
  assert.equal(await sh("systemctl show -p MainPID --value ssh-system-manager.service"), pid);
  assert.equal((await login("-i /root/alice_key")).stdout, "alice\n");
});

test("an sshd that passes sshd -t but cannot start (an address the host lacks): switch says so with sshd's words; the good configuration brings it back", { skip, timeout: 2 * SWITCH_TIMEOUT }, async () => {
  await writeFlake(flake(key, "", "192.0.2.1"));
  const r = await guest.run(`${CLI} switch --flake /root/ssh`, { timeoutMs: SWITCH_TIMEOUT });
  assert.notEqual(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /ssh-system-manager\.service/);
  assert.match(r.stderr, /Cannot bind any address/);
  assert.equal((await guest.run("systemctl is-active ssh-system-manager.service")).stdout, "failed\n");
  await writeFlake(flake(key));
  await sh(`${CLI} switch --flake /root/ssh`, SWITCH_TIMEOUT);
  assert.equal((await login("-i /root/alice_key")).stdout, "alice\n");
});

test("networking.enableIPv6: sshd listens on any family by default, on inet alone without IPv6 (sshd -T); alice still logs in", { skip, timeout: SWITCH_TIMEOUT + 60_000 }, async () => {
  assert.equal(await sh("sshd -T | grep ^addressfamily"), "addressfamily any\n");
  await writeFlake(flake(key, "", "127.0.0.1", "", "\n        networking.enableIPv6 = false;"));
  await sh(`${CLI} switch --flake /root/ssh`, SWITCH_TIMEOUT);
  assert.equal(await sh("grep ^AddressFamily /etc/ssh/sshd_config; sshd -T | grep ^addressfamily"), "AddressFamily inet\naddressfamily inet\n");
  assert.equal((await login("-i /root/alice_key")).stdout, "alice\n");
  await writeFlake(flake(key));
  await sh(`${CLI} switch --flake /root/ssh`, SWITCH_TIMEOUT);
});

test("deactivate: ours stops, the host's sshd_config comes back and ssh.service is enabled again", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  assert.equal((await guest.run("systemctl is-active ssh-system-manager.service")).stdout, "inactive\n");
  assert.equal(await sh("sha256sum /etc/ssh/sshd_config"), hostConfig);
  assert.equal(await sh("test -e /etc/ssh/authorized_keys.d/alice && echo kept || echo gone"), "gone\n");
  assert.equal((await guest.run("systemctl is-enabled ssh.service")).stdout, "enabled\n");
});
