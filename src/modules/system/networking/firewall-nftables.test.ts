/**
 * The enforced networking.firewall (firewall-nftables.ts,
 * firewall-service.ts): the nft script for several configurations
 * (golden, byte-exact), its /etc entry checked with the host's `nft -c`,
 * system-manager-firewall.service (golden), a changed script reloading
 * it; and the explicit-enable rule: a defaulted enable, or one true only
 * by mkDefault, generates nothing and keeps upstream's warning.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { jsLib as lib } from "../../../module-system/js-lib.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";
import { unitsOf } from "../../../../test/helpers/units.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const SCRIPT = "system-manager/firewall.nft";
const SERVICE = "system-manager-firewall";

function evaluate(...modules: unknown[]): { warnings: string[]; etc: Record<string, any>; services: Record<string, any> } {
  const base = { nixpkgs: { hostPlatform: "x86_64-linux" } };
  const { evaluation } = evaluateSystem([base, ...modules].map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  const get = (name: string) => toJS(evaluation.config.lazy(name) as Lazy) as any;
  return { warnings: get("warnings"), etc: get("environment").etc, services: get("systemd").services };
}

const fw = (firewall: Record<string, unknown>) => ({ networking: { firewall } });
const script = (firewall: Record<string, unknown>) => evaluate(fw(firewall)).etc[SCRIPT]?.text as string;
const firewallWarnings = (ws: string[]) => ws.filter((w) => w.includes("firewall"));

test("enable = true alone: NixOS's input rules, loopback trusted, refused packets dropped and new connections logged (golden)", () => {
  assertGolden(join(GOLDEN, "enabled.nft"), script({ enable: true }));
});

test("ports, ranges and interfaces, trusted interfaces, reject, every log, a ping limit and extraInputRules (golden)", () => {
  const text = script({
    enable: true,
    allowedTCPPorts: [443, 22, 80],
    allowedTCPPortRanges: [{ from: 8999, to: 9003 }],
    allowedUDPPorts: [53],
    allowedUDPPortRanges: [{ from: 60000, to: 61000 }],
    interfaces: { wg0: { allowedUDPPorts: [51820] }, "enp1s0": { allowedTCPPorts: [8080], allowedTCPPortRanges: [{ from: 7000, to: 7010 }] }, empty: {} },
    trustedInterfaces: ["br0", "lo"],
    rejectPackets: true,
    logRefusedPackets: true,
    logRefusedUnicastsOnly: false,
    pingLimit: "2/second",
    extraInputRules: "ip6 saddr { fc00::/7, fe80::/10 } tcp dport 24800 accept\n  ip saddr 10.0.0.0/8 udp dport 5353 accept\n",
  });
  assertGolden(join(GOLDEN, "full.nft"), text);
});

test("no ping, no logging: neither rule is written (golden)", () => {
  assertGolden(join(GOLDEN, "quiet.nft"), script({ enable: true, allowPing: false, logRefusedConnections: false, logRefusedPackets: true, allowedUDPPorts: [123] }));
});

test("the script is /etc/system-manager/firewall.nft, checked with the host's nft -c naming the options that make it; no warning", () => {
  const r = evaluate(fw({ enable: true, allowedTCPPorts: [22] }));
  const v = r.etc[SCRIPT].validate;
  assert.deepEqual(v.command, ["/usr/sbin/nft", "-c", "-f", "%s"]);
  assert.ok(v.origins.includes("networking.firewall.extraInputRules"));
  assert.deepEqual(firewallWarnings(r.warnings), []);
  assert.deepEqual(Object.keys(r.services).filter((s) => s.includes("firewall")), [SERVICE]);
});

test("system-manager-firewall.service (golden): a oneshot wanted by system-manager.target, ordered as NixOS's, loading, reloading and deleting our table", () => {
  const s = unitsOf(fw({ enable: true, allowedTCPPorts: [22] }));
  const files = [...s.files].filter(([p]) => p.includes(SERVICE)).sort(([a], [b]) => (a < b ? -1 : 1));
  const text = files.map(([p, e]) => `== ${p}\n${e.kind === "file" ? e.content.toString("utf8") : e.kind === "symlink" ? `-> ${e.target}\n` : ""}`).join("");
  assertGolden(join(GOLDEN, "system-manager-firewall.txt"), text.replace(/\b[a-z0-9]{32}\b/g, "@hash@"));
});

test("a changed rule changes the unit's X-Reload-Triggers (reloadIfChanged): switch reloads the table, it is not stopped", () => {
  const unit = (ports: number[]) => unitsOf(fw({ enable: true, allowedTCPPorts: ports })).units[`${SERVICE}.service`]?.sha256;
  assert.notEqual(unit([22]), unit([22, 80]));
  assert.equal(unit([22]), unit([22, 22]));
});

test("enable left to its default: nothing is generated, and upstream's warning lists the ports", () => {
  const r = evaluate(fw({ allowedTCPPorts: [22], extraInputRules: "tcp dport 1 accept" }));
  assert.equal(r.etc[SCRIPT], undefined);
  assert.deepEqual(Object.keys(r.services).filter((s) => s.includes("firewall")), []);
  assert.deepEqual(firewallWarnings(r.warnings), ["Firewall port configurations are set but will not be applied.\nsystem-manager does not manage firewall rules on the host.\nEnsure these ports are opened in your host firewall:\n  TCP: 22\n"]);
});

test("enable = mkDefault true is not asked for: nothing is generated, a warning says why, upstream's lists the ports", () => {
  const r = evaluate(fw({ enable: lib.mkDefault(true), allowedTCPPorts: [22] }));
  assert.equal(r.etc[SCRIPT], undefined);
  assert.deepEqual(Object.keys(r.services).filter((s) => s.includes("firewall")), []);
  const w = firewallWarnings(r.warnings);
  assert.equal(w.length, 2);
  assert.match(w[0] as string, /^networking\.firewall\.enable is true only by mkDefault: .* networking\.firewall\.enable = true itself/);
});

test("mkForce true enforces, and so does a plain true over another module's mkDefault false", () => {
  assert.notEqual(evaluate(fw({ enable: lib.mkForce(true) })).etc[SCRIPT], undefined);
  assert.notEqual(evaluate(fw({ enable: true }), fw({ enable: lib.mkDefault(false) })).etc[SCRIPT], undefined);
  assert.equal(evaluate(fw({ enable: false })).etc[SCRIPT], undefined);
});
