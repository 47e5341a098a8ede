/**
 * system-manager.preActivationAssertions on a booted Debian 12 guest, as
 * nix-system-graphics' module declares one (a Nix module of a flake input,
 * reading pkgs.stdenv.isi686 too): while the assertion's script fails on
 * the host, `switch` exits 1 naming it with what it printed, and nothing
 * is activated (no /etc entry, no generation); a dry run says the same;
 * once the host passes, the switch goes on. A disabled assertion is not
 * run, and the distribution check (osVersion) passes on Debian. The
 * switch also links /run/current-system to /run/system-manager
 * (system-manager.linkCurrentSystem, on by default).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "./container.ts";
import { CLI, e2eSkipReason, guestForFile } from "./project.ts";

const skip = e2eSkipReason();
const DIR = "/root/pre";

const FLAKE = `{
  inputs.system-manager.url = "github:numtide/system-manager";
  inputs.checks.url = "path:${DIR}/checks";
  outputs = { system-manager, checks, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [
        checks.systemModules.default
        { nixpkgs.hostPlatform = "x86_64-linux"; }
      ];
    };
  };
}
`;
const CHECKS_FLAKE = `{
  outputs = { self }: { systemModules.default = import ./module.nix; };
}
`;
const MODULE = `{ pkgs, lib, ... }: {
  environment.etc."pre-activation.conf".text = if pkgs.stdenv.isi686 then "i686\\n" else "other\\n";
  system-manager.preActivationAssertions = {
    hostReady = {
      enable = true;
      script = ''
        source /etc/os-release
        if [ ! -e /etc/host-ready ]; then
          echo "$ID host is not ready: /etc/host-ready is missing"
          exit 4
        fi
      '';
    };
    neverRun = { script = "exit 1"; };
  };
}
`;

let guest: Container;
guestForFile(skip, (g) => (guest = g));

test("a failing pre-activation assertion stops the switch with its output; once it passes, the switch goes on", { skip }, async () => {
  const write = await guest.run(
    `mkdir -p ${DIR}/checks && cat > ${DIR}/flake.nix <<'EOF'\n${FLAKE}EOF\ncat > ${DIR}/checks/flake.nix <<'EOF'\n${CHECKS_FLAKE}EOF\ncat > ${DIR}/checks/module.nix <<'EOF'\n${MODULE}EOF`,
  );
  assert.equal(write.code, 0, write.stderr);

  const refused = await guest.run(`${CLI} switch --flake ${DIR}`, { timeoutMs: 600_000 });
  assert.equal(refused.code, 1, `${refused.stdout}${refused.stderr}`);
  assert.match(refused.stderr, /Pre-activation assertion hostReady failed with exit status 4 \(`system-manager\.preActivationAssertions\.hostReady'.*\); nothing was activated\. Its output:\n +debian host is not ready: \/etc\/host-ready is missing/s);
  assert.doesNotMatch(refused.stderr, /neverRun/);
  const nothing = await guest.run(`test -e /etc/pre-activation.conf || echo no-entry; ${CLI} generations | grep -c current || true`);
  assert.equal(nothing.stdout, "no-entry\n0\n", nothing.stderr);

  const dry = await guest.run(`${CLI} switch --dry-run --flake ${DIR}`, { timeoutMs: 600_000 });
  assert.equal(dry.code, 1);
  assert.match(dry.stderr, /Pre-activation assertion hostReady failed/);

  const passed = await guest.run(`touch /etc/host-ready && ${CLI} switch --flake ${DIR}`, { timeoutMs: 600_000 });
  assert.equal(passed.code, 0, `${passed.stdout}${passed.stderr}`);
  assert.equal((await guest.run("cat /etc/pre-activation.conf")).stdout, "other\n");
  // system-manager.linkCurrentSystem, on by default as upstream's: NixOS modules' /run/current-system/sw paths resolve.
  assert.match((await guest.run("readlink /run/current-system; readlink -f /run/current-system/sw")).stdout, /^\/run\/system-manager\n\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-system-profile\n$/);
});
