/**
 * firewall-ssh-warning.ts: a switch over ssh is warned when the
 * generation's firewall leaves the session's port out of its global TCP
 * ports and ranges, and not otherwise (no ssh, no firewall, the port
 * open, another root).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firewallScript } from "../modules/system/networking/firewall-nftables.ts";
import type { PortLists } from "../modules/system/networking/firewall-warning.ts";
import { firewallSshWarning } from "./firewall-ssh-warning.ts";
import { RootFs } from "./root-fs.ts";

const lists = (tcp: number[], ranges: { from: number; to: number }[] = []): PortLists => ({ allowedTCPPorts: tcp, allowedTCPPortRanges: ranges, allowedUDPPorts: [53], allowedUDPPortRanges: [] });
const script = (all: Record<string, PortLists>) =>
  firewallScript({ trustedInterfaces: ["lo"], allowPing: true, pingLimit: null, rejectPackets: false, logRefusedConnections: true, logRefusedPackets: false, logRefusedUnicastsOnly: true, extraInputRules: "", allInterfaces: all });

function warningFor(text: string | undefined, ssh: string | undefined, root = "/"): string | undefined {
  const store = mkdtempSync(join(tmpdir(), "fw-ssh-"));
  try {
    mkdirSync(join(store, "etc"));
    if (text !== undefined) writeFileSync(join(store, "etc", "firewall.nft"), text);
    const etc = text === undefined ? [] : [{ target: "system-manager/firewall.nft", source: "etc/firewall.nft" } as never];
    return firewallSshWarning(new RootFs(root), store, etc, ssh);
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

const SSH = (port: number) => `10.0.0.2 51234 10.0.0.1 ${port}`;

test("the session's port outside the global TCP ports: warned, with what may still let it in", () => {
  const w = warningFor(script({ default: lists([80, 443]), eth0: lists([22]) }), SSH(22));
  assert.equal(
    w,
    "warning: this switch runs over ssh (to port 22), and networking.firewall does not allow TCP port 22 (allowedTCPPorts, allowedTCPPortRanges): this session stays open, but new connections to that port will be refused unless networking.firewall.interfaces.<name>, trustedInterfaces or extraInputRules allow them.",
  );
  assert.match(warningFor(script({ default: lists([]) }), SSH(2222)) as string, /port 2222/);
});

test("the port among the global ports or in a range: no warning", () => {
  assert.equal(warningFor(script({ default: lists([22, 80]) }), SSH(22)), undefined);
  assert.equal(warningFor(script({ default: lists([80], [{ from: 2200, to: 2299 }]) }), SSH(2222)), undefined);
});

test("no ssh session, no enforced firewall, or another root: no warning", () => {
  assert.equal(warningFor(script({ default: lists([]) }), undefined), undefined);
  assert.equal(warningFor(script({ default: lists([]) }), ""), undefined);
  assert.equal(warningFor(undefined, SSH(22)), undefined);
  const root = mkdtempSync(join(tmpdir(), "fw-root-"));
  try {
    assert.equal(warningFor(script({ default: lists([]) }), SSH(22), root), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
