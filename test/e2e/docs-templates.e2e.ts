/**
 * system-manager's templates (what its `init` writes and `nix flake init
 * -t` gives), read from the mirror at test time (skipped, saying why,
 * without it), on a booted Debian 12.
 *
 * templates/standalone/flake.nix with templates/system.nix next to it, as
 * they are: the flake's nixConfig (a binary cache for Nix) is ignored,
 * saying so, and the empty configuration switches: system-manager.target
 * is active, the system profile and its PATH snippet are in place. A
 * second switch makes no new generation; deactivate removes them.
 *
 * templates/nixos/flake.nix is for NixOS hosts (a nixosConfigurations
 * entry built with nixpkgs.lib.nixosSystem, switched by nixos-rebuild): it
 * has no systemConfigs, and `system-manager switch` says so, as upstream's
 * does (the attributes it tried, then "giving up"), changing nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { upstreamFile } from "./docs-example.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const standalone = upstreamFile("templates/standalone/flake.nix");
const system = upstreamFile("templates/system.nix");
const nixos = upstreamFile("templates/nixos/flake.nix");
const skip = e2eSkipReason() ?? [standalone, system, nixos].map((f) => ("skip" in f ? f.skip : undefined)).find((s) => s !== undefined);
const text = (f: typeof system) => ("text" in f ? f.text : "");
const SWITCH_TIMEOUT = 15 * 60_000;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

const sh = (script: string, timeoutMs?: number) => guest.sh(script, timeoutMs);
const put = (dir: string, files: Record<string, string>) =>
  sh(`set -e\nmkdir -p ${dir}\n${Object.entries(files).map(([name, body]) => `cat > ${dir}/${name} <<'EOF'\n${body}EOF\n`).join("")}`);
const switchTo = async (dir: string) => {
  const r = await guest.run(`${CLI} switch --flake ${dir}`, { timeoutMs: SWITCH_TIMEOUT });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
};

test("the templates are what the mirror has", { skip }, () => {
  assert.match(text(standalone), /modules = \[ \.\/system\.nix \];/);
  assert.match(text(standalone), /nixConfig = \{/);
  assert.match(text(system), /nixpkgs\.hostPlatform = "x86_64-linux";/);
  assert.match(text(nixos), /nixosConfigurations\.default = nixpkgs\.lib\.nixosSystem/);
});

test("templates/nixos: no systemConfigs; switch says which attributes it tried and gives up, nothing changed", { skip }, async () => {
  await put("/root/nixos-template", { "flake.nix": text(nixos), "system.nix": text(system) });
  const r = await switchTo("/root/nixos-template");
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /No suitable flake attribute found in \/root\/nixos-template \(tried [^)]*systemConfigs\.x86_64-linux\.default, systemConfigs\.default\), giving up\./);
  assert.equal(await sh("test -e /run/system-manager/sw || test -e /etc/profile.d/system-manager-path.sh || echo untouched"), "untouched\n");
});

test("templates/standalone with templates/system.nix: the empty configuration switches", { skip }, async () => {
  await put("/root/standalone-template", { "flake.nix": text(standalone), "system.nix": text(system) });
  const r = await switchTo("/root/standalone-template");
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /ignoring the flake's nixConfig/);
  assert.equal(await sh("systemctl is-active system-manager.target"), "active\n");
  assert.match(await sh("readlink /run/system-manager/sw"), /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-system-profile\n$/);
  assert.equal(await sh("grep -c '^export PATH=\"/run/system-manager/sw/bin:' /etc/profile.d/system-manager-path.sh"), "1\n");
  assert.match(await sh(`${CLI} generations`), /current/);
});

test("templates/standalone: a second switch makes no new generation", { skip }, async () => {
  const before = await sh(`${CLI} generations`);
  const r = await switchTo("/root/standalone-template");
  assert.equal(r.code, 0, r.out);
  assert.equal(await sh(`${CLI} generations`), before);
});

test("deactivate removes the profile's snippet and stops system-manager.target", { skip }, async () => {
  const r = await guest.run(`${CLI} deactivate`, { timeoutMs: SWITCH_TIMEOUT });
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
  assert.equal(await sh("test -e /etc/profile.d/system-manager-path.sh || echo gone; systemctl is-active system-manager.target || true"), "gone\ninactive\n");
});
