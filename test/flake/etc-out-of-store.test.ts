/**
 * An /etc source a flake gives as a string outside the store
 * (`source = "/run/systemd/system/";`, as system-manager's example.nix
 * does) is a link to that path, never read, as NixOS's /etc makes it;
 * copying one is refused with the option named. A path (`./file`) is
 * still read into the generation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { nodeStandIn } from "../helpers/engine.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const io = () => {
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-cache-")), SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn(), ...NO_GITHUB }, cwd: tmpdir() };
  return r;
};

function flake(etc: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-flake-"));
  writeFileSync(join(dir, "motd"), "from a path\n");
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { self, system-manager }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc = { ${etc} }; } ];
    };
  };
}`,
  );
  return dir;
}

test("a string source outside the store is linked to, not read; a path is read", async () => {
  const x = io();
  const dir = flake(`out-of-store.source = "/run/systemd/system/"; "gone/link".source = "/nonexistent/at/build/time"; motd.source = ./motd;`);
  assert.equal(await main(["build", "--flake", dir, "--root", mkdtempSync(join(tmpdir(), "sm-"))], x), 0, x.err);
  const generation = x.out.trim();
  assert.equal(readlinkSync(join(generation, "etc/out-of-store")), "/run/systemd/system/");
  assert.equal(readlinkSync(join(generation, "etc/gone/link")), "/nonexistent/at/build/time");
  assert.equal(readFileSync(join(generation, "etc/motd"), "utf8"), "from a path\n");
});

test("copying a source outside the store is refused, naming the option", async () => {
  const x = io();
  const dir = flake(`copied = { source = "/run/systemd/system/"; mode = "0644"; };`);
  assert.equal(await main(["build", "--flake", dir, "--root", mkdtempSync(join(tmpdir(), "sm-"))], x), 1);
  assert.match(x.err, /Cannot copy '\/run\/systemd\/system\/' to \/etc\/copied \(mode 0644\) for `environment\.etc\.copied': it is outside the store, so it can only be linked to \(mode "symlink"\)/);
});
