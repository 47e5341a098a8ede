/**
 * networking.firewall (firewall.ts, firewall-warning.ts): the options
 * evaluate with NixOS's defaults, port lists read back sorted and
 * deduplicated, the warning (golden, upstream's words) lists what is
 * opened, openssh's openFirewall opens its ports, and nothing of the
 * host's firewall is generated.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { evaluateSystem } from "../../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../nix/value.ts";
import { assertGolden } from "../../../../test/helpers/golden.ts";
import { canonicalPorts } from "./firewall.ts";

const GOLDEN = join(import.meta.dirname, "golden");

function evaluate(...modules: unknown[]): { firewall: any; warnings: string[]; etc: Record<string, unknown>; services: Record<string, unknown> } {
  const base = { nixpkgs: { hostPlatform: "x86_64-linux" } };
  const { evaluation } = evaluateSystem([base, ...modules].map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  const get = (name: string) => toJS(evaluation.config.lazy(name) as Lazy) as any;
  return { firewall: get("networking").firewall, warnings: get("warnings"), etc: get("environment").etc, services: get("systemd").services };
}

const firewallWarnings = (ws: string[]) => ws.filter((w) => w.startsWith("Firewall port configurations"));

test("defaults: disabled, no ports, NixOS's logging and ping defaults; no warning, nothing generated", () => {
  const { firewall: f, warnings, etc, services } = evaluate({});
  assert.equal(f.enable, false);
  assert.deepEqual([f.allowedTCPPorts, f.allowedUDPPorts, f.allowedTCPPortRanges, f.allowedUDPPortRanges, Object.keys(f.interfaces)], [[], [], [], [], []]);
  assert.deepEqual([f.logRefusedConnections, f.logRefusedPackets, f.logRefusedUnicastsOnly, f.rejectPackets, f.allowPing, f.pingLimit], [true, false, true, false, true, null]);
  assert.deepEqual([f.checkReversePath, f.logReversePathDrops, f.filterForward, f.autoLoadConntrackHelpers], [true, false, false, false]);
  assert.deepEqual([f.trustedInterfaces, f.connectionTrackingModules, f.extraPackages], [[], [], []]);
  assert.deepEqual(firewallWarnings(warnings), []);
  assert.deepEqual(Object.keys(etc).filter((k) => /nftables|iptables|ufw|firewall/.test(k)), []);
  assert.deepEqual(Object.keys(services).filter((k) => /firewall|nftables/.test(k)), []);
});

test("allowedTCPPorts = [80 22 80] reads back as [22 80] (NixOS's apply), per interface too; definitions from several modules merge first", () => {
  assert.deepEqual(evaluate({ networking: { firewall: { allowedTCPPorts: [80, 22, 80] } } }).firewall.allowedTCPPorts, [22, 80]);
  const { firewall: f } = evaluate(
    { networking: { firewall: { allowedTCPPorts: [80, 22, 80], allowedUDPPorts: [53, 53], interfaces: { eth0: { allowedTCPPorts: [443, 8080, 443] } } } } },
    { networking: { firewall: { allowedTCPPorts: [22, 1] } } },
  );
  assert.deepEqual(f.allowedTCPPorts, [1, 22, 80]);
  assert.deepEqual(f.allowedUDPPorts, [53]);
  assert.deepEqual(f.interfaces.eth0.allowedTCPPorts, [443, 8080]);
  assert.deepEqual(f.interfaces.eth0.allowedUDPPortRanges, []);
  assert.deepEqual(canonicalPorts([3, 1, 2n, 1]), [1, 2n, 3]);
});

test("allInterfaces: the interfaces plus `default`, the global lists (as NixOS)", () => {
  const { firewall: f } = evaluate({ networking: { firewall: { allowedTCPPorts: [80, 22], interfaces: { wg0: { allowedUDPPorts: [51820] } } } } });
  assert.deepEqual(Object.keys(f.allInterfaces).sort(), ["default", "wg0"]);
  assert.deepEqual(f.allInterfaces.default.allowedTCPPorts, [22, 80]);
  assert.deepEqual(f.allInterfaces.wg0.allowedUDPPorts, [51820]);
});

test("the warning: upstream's text listing every opened port and range (golden), then each interface's", () => {
  const { warnings } = evaluate({
    networking: {
      firewall: {
        allowedTCPPorts: [443, 80],
        allowedTCPPortRanges: [{ from: 8999, to: 9003 }],
        allowedUDPPorts: [53],
        allowedUDPPortRanges: [{ from: 60000, to: 61000 }, { from: 5000, to: 5001 }],
        interfaces: { wg0: { allowedUDPPorts: [51820] }, lo: {} },
      },
    },
  });
  const w = firewallWarnings(warnings);
  assert.equal(w.length, 1);
  assertGolden(join(GOLDEN, "firewall-warning.txt"), w[0] as string);
});

test("a port on one interface only is enough to warn", () => {
  const w = firewallWarnings(evaluate({ networking: { firewall: { interfaces: { eth1: { allowedTCPPortRanges: [{ from: 1000, to: 1010 }] } } } } }).warnings);
  assert.deepEqual(w, ["Firewall port configurations are set but will not be applied.\nsystem-manager does not manage firewall rules on the host.\nEnsure these ports are opened in your host firewall:\n  eth1 TCP ranges: 1000-1010\n"]);
});

test("services.openssh.openFirewall (the default) opens its ports, as NixOS; off, it does not", () => {
  const on = evaluate({ services: { openssh: { enable: true, ports: [2222, 22] } } });
  assert.deepEqual(on.firewall.allowedTCPPorts, [22, 2222]);
  assert.deepEqual(firewallWarnings(on.warnings), ["Firewall port configurations are set but will not be applied.\nsystem-manager does not manage firewall rules on the host.\nEnsure these ports are opened in your host firewall:\n  TCP: 22, 2222\n"]);
  const off = evaluate({ services: { openssh: { enable: true, openFirewall: false } } });
  assert.deepEqual(off.firewall.allowedTCPPorts, []);
  assert.deepEqual(firewallWarnings(off.warnings), []);
});

test("a port out of range is refused with the option's name (types.port)", () => {
  assert.throws(() => evaluate({ networking: { firewall: { allowedTCPPorts: [70000] } } }).firewall.allowedTCPPorts, /networking\.firewall\.allowedTCPPorts/);
});
