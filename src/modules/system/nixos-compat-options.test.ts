/**
 * The compatibility options (nixos-compat-options.ts, and the ones
 * nixos-options-for-home-manager.ts declares): a flake module setting each
 * of upstream's stubs builds, their values read back as given, and a
 * `boot` setting is reported as having no effect, naming its file.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main.ts";
import { nodeStandIn } from "../../../test/helpers/engine.ts";
import { NO_GITHUB } from "../../../test/helpers/no-network.ts";

const scratch: string[] = [];
after(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(d);
  return d;
};

async function build(module: string): Promise<{ code: number; out: string; err: string }> {
  const dir = tmp("sm-compat-flake-");
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { self, system-manager }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig { modules = [ ./compat.nix ]; };
  };
}`,
  );
  writeFileSync(join(dir, "compat.nix"), module);
  const r = { code: 0, out: "", err: "" };
  const io = {
    stdout: (t: string) => void (r.out += t),
    stderr: (t: string) => void (r.err += t),
    env: { XDG_CACHE_HOME: tmp("sm-cache-"), SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn(), ...NO_GITHUB },
    cwd: tmpdir(),
  };
  r.code = await main(["build", "--flake", dir, "--root", tmp("sm-root-")], io);
  return r;
}

test("a flake module setting each of upstream's compatibility options builds; the values read back as given", async () => {
  const r = await build(`{ config, lib, pkgs, ... }: {
    nixpkgs.hostPlatform = "x86_64-linux";
    boot.kernel.sysctl."net.ipv4.ip_forward" = 1;
    system.activationScripts.users = "";
    system.activationScripts.setupSecrets = { text = "echo secrets"; deps = [ "users" ]; };
    system.activationScripts.setupSecretsForUsers = lib.stringAfter [ "users" ] "echo users";
    system.activationScripts.generate-age-key = "echo key";
    system.userActivationScripts = { };
    fonts.fontconfig.enable = true;
    i18n.glibcLocales = pkgs.glibcLocales;
    security.apparmor.includes."local/x" = "include <abstractions/base>";
    networking.firewall.enable = false;
    environment.etc.probe.text = builtins.toJSON {
      boot = config.boot;
      sops = config.system.activationScripts.setupSecrets.text;
      forUsers = config.system.activationScripts.setupSecretsForUsers.text;
      key = config.system.activationScripts.generate-age-key;
      font = config.fonts.fontconfig.enable;
      apparmor = config.security.apparmor.includes;
      users = config.system.activationScripts.users;
      locales = config.i18n.glibcLocales ? outPath;
    };
  }`);
  assert.equal(r.code, 0, r.err);
  const probe = JSON.parse(readFileSync(join(r.out.trim(), "etc/probe"), "utf8"));
  assert.deepEqual(probe, {
    boot: { kernel: { sysctl: { "net.ipv4.ip_forward": 1 } } },
    sops: "echo secrets",
    forUsers: "echo users",
    key: "echo key",
    font: true,
    apparmor: { "local/x": "include <abstractions/base>" },
    users: "",
    locales: true,
  });
  assert.match(r.err, /evaluation warning: boot has no effect: system-manager does not manage the kernel, initrd or boot loader \(defined in `[^']*\/compat\.nix'\)/);
});

test("unset, they warn of nothing and generate nothing; boot is required only when read (types.raw, no default, as upstream)", async () => {
  const r = await build(`{ nixpkgs.hostPlatform = "x86_64-linux"; }`);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.err, /boot|apparmor|activationScripts/);
  const read = await build(`{ config, ... }: { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.x.text = builtins.toJSON config.boot; }`);
  assert.equal(read.code, 1);
  assert.match(read.err, /The option `boot' was accessed but has no value defined\. Try setting the option\./);
});
