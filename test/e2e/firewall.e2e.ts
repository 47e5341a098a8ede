/**
 * networking.firewall on a booted Debian 12 with Debian's nftables (and
 * python3 for two listeners) installed: the guest is booted into a
 * network namespace of its own, linked by a veth pair to a second one
 * the test connects from, so that its firewall never filters this
 * machine; nothing of this machine's interfaces, routes or ruleset is
 * changed (its ruleset is compared before and after, listed by the
 * guest's nft from this machine's namespace). An extraInputRules nft
 * rejects stops the switch naming the option, writing nothing; enabled,
 * a switch over ssh to a port the rules leave closed is warned, the
 * allowed port answers and the other is refused (rejectPackets) or
 * times out (dropped, after a reload); after a reboot the rules are back;
 * deactivate removes our table and both ports answer; the guest's own
 * table is untouched throughout.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readlinkSync } from "node:fs";
import type { Container } from "./container.ts";
import { exec, mustExec } from "./exec.ts";
import { bootProject, CLI, e2eSkipReason } from "./project.ts";

const skip = e2eSkipReason();
const SWITCH_TIMEOUT = 15 * 60_000;
const ALLOWED = 18080;
const OTHER = 18081;
const GUEST_NS = `sm-fw-guest-${process.pid}`;
const CLIENT_NS = `sm-fw-client-${process.pid}`;
const GUEST_ADDR = "10.231.77.1";
const OWN_TABLE = "table inet host-own {\n\tchain input {\n\t\ttype filter hook input priority filter + 5; policy accept;\n\t\ttcp dport 9 counter packets 0 bytes 0\n\t}\n}\n";

const flake = (firewall: string) => `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ {
        nixpkgs.hostPlatform = "x86_64-linux";
        networking.firewall = { ${firewall} };
      } ];
    };
  };
}
`;

let guest: Container;
let hostRulesetBefore = "";
let namespaces = false;

/** This machine's ruleset, listed by the guest's nft (this machine has none) from this process's network namespace. */
const hostRuleset = async () => (await mustExec(["chroot", guest.hostPath("/"), "/usr/sbin/nft", "list", "ruleset"]));
const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const writeFlake = (firewall: string) => sh(`mkdir -p /root/fw && cat > /root/fw/flake.nix <<'EOF'\n${flake(firewall)}EOF`);
const listen = () => sh(`for p in ${ALLOWED} ${OTHER}; do systemctl is-active -q listen-$p || systemd-run -q --unit=listen-$p --working-directory=/tmp python3 -m http.server $p; done; sleep 1`);

/** What a TCP connection from the client namespace to the guest's `port` meets: open, refused or timeout. */
async function connect(port: number): Promise<string> {
  const r = await exec(["ip", "netns", "exec", CLIENT_NS, "timeout", "4", "bash", "-c", `exec 3<>/dev/tcp/${GUEST_ADDR}/${port}`]);
  if (r.code === 0) return "open";
  if (r.code === 124) return "timeout";
  return /Connection refused/.test(r.stderr) ? "refused" : `exit ${r.code}: ${r.stderr}`;
}

before(async () => {
  if (skip !== undefined) return;
  await mustExec(["ip", "netns", "add", GUEST_NS]);
  namespaces = true;
  await mustExec(["ip", "netns", "add", CLIENT_NS]);
  // The pair is made inside the guest's namespace with its peer in the client's: no link of this machine's is ever made.
  await mustExec(["ip", "-n", GUEST_NS, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", CLIENT_NS]);
  for (const [ns, addr] of [[GUEST_NS, `${GUEST_ADDR}/24`], [CLIENT_NS, "10.231.77.2/24"]] as const) {
    await mustExec(["ip", "-n", ns, "addr", "add", addr, "dev", "eth0"]);
    await mustExec(["ip", "-n", ns, "link", "set", "eth0", "up"]);
    await mustExec(["ip", "-n", ns, "link", "set", "lo", "up"]);
  }
  guest = await bootProject();
  // Installed while the guest has this machine's network (the archive is reachable); 101 from policy-rc.d: nothing is started.
  const install = await guest.run(
    "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nftables python3 >/tmp/apt.log 2>&1; r=$?; rm -f /usr/sbin/policy-rc.d; [ $r = 0 ] || tail -40 /tmp/apt.log; exit $r",
    { timeoutMs: 10 * 60_000 },
  );
  assert.equal(install.code, 0, `${install.stdout}${install.stderr}`);
  hostRulesetBefore = await hostRuleset();
  await guest.reboot({ networkNamespace: `/run/netns/${GUEST_NS}` });
  // Before any switch: a guest sharing this machine's network must never load a firewall (a throw here runs no test).
  const guestNs = (await sh("readlink /proc/1/ns/net")).trim();
  assert.notEqual(guestNs, readlinkSync("/proc/self/ns/net"), "the guest shares this machine's network");
  assert.equal(guestNs, (await mustExec(["ip", "netns", "exec", GUEST_NS, "readlink", "/proc/self/ns/net"])).trim());
});

after(async () => {
  await guest?.shutdown();
  if (namespaces) {
    await exec(["ip", "netns", "del", CLIENT_NS]);
    await exec(["ip", "netns", "del", GUEST_NS]);
  }
});

test("before any switch both ports answer from the client's namespace", { skip }, async () => {
  await sh(`nft -f - <<'EOF'\n${OWN_TABLE}EOF`);
  await listen();
  assert.deepEqual([await connect(ALLOWED), await connect(OTHER)], ["open", "open"]);
});

test("an extraInputRules nft rejects: switch exits 1 with nft's words naming the option; nothing is written", { skip, timeout: SWITCH_TIMEOUT + 60_000 }, async () => {
  await writeFlake(`enable = true; allowedTCPPorts = [ ${ALLOWED} ]; extraInputRules = "tcp dport 22 acceptt";`);
  const r = await guest.run(`${CLI} switch --flake /root/fw`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /Cannot put \/etc\/system-manager\/firewall\.nft in place: /);
  assert.match(r.stderr, /firewall\.nft:\d+:\d+-\d+: Error: /);
  assert.match(r.stderr, /acceptt/);
  assert.match(r.stderr, /networking\.firewall\.extraInputRules/);
  assert.equal(await sh("test -e /etc/system-manager/firewall.nft && echo written || echo absent"), "absent\n");
  assert.equal(await sh("nft list tables"), "table inet host-own\n");
  assert.deepEqual([await connect(ALLOWED), await connect(OTHER)], ["open", "open"]);
});

test("enable = true, rejectPackets: the allowed port answers, the other is refused; the guest's own table is untouched", { skip, timeout: SWITCH_TIMEOUT + 60_000 }, async () => {
  await writeFlake(`enable = true; allowedTCPPorts = [ ${ALLOWED} ]; rejectPackets = true;`);
  // As if run over ssh to port 22, which the rules do not open: warned before anything changes.
  const r = await guest.run(`${CLI} switch --flake /root/fw`, { timeoutMs: SWITCH_TIMEOUT, env: { SSH_CONNECTION: `10.231.77.2 50022 ${GUEST_ADDR} 22` } });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.match(`${r.stdout}${r.stderr}`, /warning: this switch runs over ssh \(to port 22\), and networking\.firewall does not allow TCP port 22/);
  assert.doesNotMatch(r.stderr, /will not be applied/);
  assert.equal((await guest.run("systemctl is-active system-manager-firewall.service")).stdout, "active\n");
  assert.equal(await sh("nft list tables"), "table inet host-own\ntable inet system-manager-firewall\n");
  assert.equal(await sh("nft list table inet host-own"), OWN_TABLE);
  assert.match(await sh("nft list chain inet system-manager-firewall input-allow"), new RegExp(`tcp dport ${ALLOWED} accept`));
  assert.deepEqual([await connect(ALLOWED), await connect(OTHER)], ["open", "refused"]);
});

test("rejectPackets = false (a reload): the other port's connection times out", { skip, timeout: SWITCH_TIMEOUT + 60_000 }, async () => {
  const since = await sh("systemctl show -p ActiveEnterTimestampMonotonic --value system-manager-firewall.service");
  await writeFlake(`enable = true; allowedTCPPorts = [ ${ALLOWED} ];`);
  const r = await guest.run(`${CLI} switch --flake /root/fw`, { timeoutMs: SWITCH_TIMEOUT, env: { SSH_CONNECTION: `10.231.77.2 50022 ${GUEST_ADDR} ${ALLOWED}` } });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /runs over ssh/);
  assert.equal(await sh("systemctl show -p ActiveEnterTimestampMonotonic --value system-manager-firewall.service"), since, "reloaded, not restarted");
  assert.match(await guest.journal("system-manager-firewall.service"), /Reload(ing|ed) system-manager-firewall\.service/);
  assert.deepEqual([await connect(ALLOWED), await connect(OTHER)], ["open", "timeout"]);
  assert.equal(await sh("nft list tables"), "table inet host-own\ntable inet system-manager-firewall\n");
});

test("after a reboot the rules are back", { skip, timeout: 180_000 }, async () => {
  // The namespace outlives the guest: take the table away by hand, so that only the boot can bring it back.
  await sh("nft delete table inet system-manager-firewall");
  await guest.reboot();
  assert.equal((await guest.run("systemctl is-active system-manager-firewall.service")).stdout, "active\n");
  assert.equal(await sh("nft list tables"), "table inet host-own\ntable inet system-manager-firewall\n");
  assert.equal(await sh("nft list table inet host-own"), OWN_TABLE);
  await listen();
  assert.deepEqual([await connect(ALLOWED), await connect(OTHER)], ["open", "timeout"]);
});

test("deactivate removes our table, both ports answer, the guest's own table is untouched", { skip }, async () => {
  await sh(`${CLI} deactivate`);
  assert.equal((await guest.run("systemctl is-active system-manager-firewall.service")).stdout, "inactive\n");
  assert.equal(await sh("test -e /etc/system-manager/firewall.nft && echo kept || echo gone"), "gone\n");
  assert.equal(await sh("nft list tables"), "table inet host-own\n");
  assert.equal(await sh("nft list table inet host-own"), OWN_TABLE);
  assert.deepEqual([await connect(ALLOWED), await connect(OTHER)], ["open", "open"]);
});

test("this machine's ruleset is what it was before the test", { skip }, async () => {
  assert.equal(await hostRuleset(), hostRulesetBefore);
});
