/**
 * networking.enableIPv6 (src/modules/system/networking/ipv6.ts) as sshd
 * and the SSH client read it, as on NixOS and system-manager: sshd_config
 * says `AddressFamily any`, or `inet` without IPv6; ssh_config says
 * `AddressFamily inet` only without IPv6; a `settings.AddressFamily` of
 * the configuration comes first (sshd takes a keyword's first value).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateSystem } from "../../../../build/evaluate-system.ts";
import { lazyFromJS, toJS } from "../../../../nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../../../nix/value.ts";

function etcOf(...modules: unknown[]): Record<string, { text: string }> {
  const base = { nixpkgs: { hostPlatform: "x86_64-linux" }, services: { openssh: { enable: true } }, programs: { ssh: { enable: true } } };
  const { evaluation } = evaluateSystem([base, ...modules].map((m, i) => NixAttrs.from({ _file: `/cfg/module-${i}.nix`, imports: [lazyFromJS(m)] })));
  return (toJS(evaluation.config.lazy("environment") as Lazy) as { etc: Record<string, { text: string }> }).etc;
}
const families = (text: string) => text.split("\n").filter((l) => l.startsWith("AddressFamily"));

test("IPv6 on (the default): sshd listens on any family; ssh_config names none", () => {
  const etc = etcOf();
  assert.deepEqual(families(etc["ssh/sshd_config"]?.text ?? ""), ["AddressFamily any"]);
  assert.deepEqual(families(etc["ssh/ssh_config"]?.text ?? ""), []);
});

test("networking.enableIPv6 = false: sshd and the client both use inet", () => {
  const etc = etcOf({ networking: { enableIPv6: false } });
  assert.deepEqual(families(etc["ssh/sshd_config"]?.text ?? ""), ["AddressFamily inet"]);
  assert.deepEqual(families(etc["ssh/ssh_config"]?.text ?? ""), ["AddressFamily inet"]);
});

test("settings.AddressFamily comes before the module's line, so sshd takes it", () => {
  const text = etcOf({ services: { openssh: { settings: { AddressFamily: "inet6" } } } })["ssh/sshd_config"]?.text ?? "";
  assert.deepEqual(families(text), ["AddressFamily inet6", "AddressFamily any"]);
  assert.ok(text.indexOf("AddressFamily inet6") < text.indexOf("Port 22"), "among the settings, before the module's Port lines");
});
