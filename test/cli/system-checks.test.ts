/**
 * Upstream system-manager's module options a flake may set, end to end
 * through the installed CLI (dist/): `system.checks` are made with the
 * build (in the root's store) and linked from the generation as
 * checks/<n>-<name>, as upstream's toplevel links them; `services.logrotate`
 * (upstream's no-op) is accepted and said to have no effect, naming the
 * file that set it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");

test("system.checks are made with the build and linked from the generation; services.logrotate is accepted with a warning", () => {
  const { flake, root, env } = systemFlake("sm-system-checks-", `./checks.nix { nixpkgs.hostPlatform = "x86_64-linux"; }`);
  writeFileSync(
    join(flake, "checks.nix"),
    `{ ... }: {
  system.checks = [ (builtins.toFile "sanity" "ok\\n") (builtins.toFile "second" "also\\n") ];
  services.logrotate.settings.myapp = { files = "/var/log/myapp.log"; frequency = "daily"; };
}
`,
  );
  const r = spawnSync(process.execPath, [CLI, "build", "--offline", "--flake", flake, "--root", root], { encoding: "utf8", env });
  assert.equal(r.status, 0, r.stderr);
  const generation = r.stdout.trim().split("\n").at(-1) as string;
  const sanity = readlinkSync(join(generation, "checks/0-sanity"));
  assert.match(sanity, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-sanity$/);
  assert.equal(readFileSync(join(root, sanity), "utf8"), "ok\n", "made in the root's store");
  assert.equal(readFileSync(join(root, readlinkSync(join(generation, "checks/1-second"))), "utf8"), "also\n");
  assert.match(r.stderr, /services\.logrotate has no effect: system-manager does not manage logrotate \(the host's \/etc\/logrotate\.d is left as it is\) \(defined in `[^']*checks\.nix'\)/);
});
