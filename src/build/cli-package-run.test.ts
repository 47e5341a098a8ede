/**
 * The system-manager package runs by itself: its bin/system-manager,
 * started with no node on PATH and HOME elsewhere, builds a flake into
 * another --root, its generation's engine on the package's own runtime
 * (copied as it is, not remade from the host's node), and the package it
 * makes of itself is itself (same inputs, same path); a TypeScript
 * configuration, which needs what only the npm installation has, is refused
 * with a message saying so.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "./build-generation.ts";
import { readSourceFromDisk } from "./read-source.ts";
import { module } from "../../test/helpers/system.ts";
import { ENGINE_SCRIPT } from "../../test/helpers/engine.ts";
import { removeTree } from "../packages/staged-path.ts";
import { hostSystem } from "../cli/host.ts";
import { STORE_DIR } from "../store/store-path.ts";
import type { Manifest } from "./manifest.ts";

const entries = (root: string, suffix: RegExp) => readdirSync(join(root, STORE_DIR)).filter((n) => suffix.test(n));
const runtimeOf = (wrapper: string) => /\$here\/\.\.\/\.\.\/([^/]+)\/bin\/node/.exec(wrapper)?.[1];

test("the package's bin/system-manager builds a flake with no node on PATH, on its own runtime", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sm-cli-run-"));
  t.after(() => removeTree(dir));
  const [first, second, home, flake] = ["root1", "root2", "home", "flake"].map((d) => join(dir, d)) as [string, string, string, string];
  for (const d of [first, second, home, flake]) mkdirSync(d);
  // The package, as a build makes it: the real node copied into the store, the package on it.
  const upgrade = { nixpkgs: { hostPlatform: hostSystem() }, system: { autoUpgrade: { enable: true, flake: "path:/srv/config" } } };
  // The bundled CLI's version (package.json's), so that the package it makes of itself can be compared.
  const { version } = JSON.parse(readFileSync(join(ENGINE_SCRIPT, "../../package.json"), "utf8")) as { version: string };
  const engine = { node: process.execPath, script: ENGINE_SCRIPT, version, cacheDir: join(dir, "cache") };
  await buildGeneration([module(upgrade)], { root: first, hostSystem: hostSystem(), readSource: readSourceFromDisk, warn: () => undefined, engine });
  const name = new RegExp(`-system-manager-${version.replace(/\./g, "\\.")}$`);
  const [cli] = entries(first, name);
  assert.ok(cli !== undefined);
  const runtime = runtimeOf(readFileSync(join(first, STORE_DIR, cli, "bin/system-manager"), "utf8"));

  writeFileSync(
    join(flake, "flake.nix"),
    `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { system-manager, ... }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ {
        nixpkgs.hostPlatform = "${hostSystem()}";
        environment.systemPackages = [ system-manager.packages.${hostSystem()}.default ];
        environment.etc."hello".text = "hi\\n";
      } ];
    };
  };
}
`,
  );
  const env = { PATH: join(dir, "empty"), HOME: home, SYSTEM_MANAGER_PACKAGES: "off" };
  const r = spawnSync(join(first, STORE_DIR, cli, "bin/system-manager"), ["build", "--flake", flake, "--root", second], { encoding: "utf8", env, cwd: dir });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  const printed = r.stdout.trim().split("\n").pop() as string;
  assert.match(printed, new RegExp(`^${second}${STORE_DIR}/[0-9a-z]{32}-system-manager$`));
  const generation = printed.slice(second.length);
  assert.deepEqual(entries(second, name), [cli], "the package it makes of itself is itself");
  assert.deepEqual(entries(second, /-nodejs-/), [runtime], "its runtime, copied as it is");
  const manifest = JSON.parse(readFileSync(join(second, generation, "manifest.json"), "utf8")) as Manifest;
  assert.equal(runtimeOf(readFileSync(join(second, manifest.engine as string, "bin/system-manager-engine"), "utf8")), runtime, "the generation's engine runs on it");
  assert.equal(readFileSync(join(second, generation, "etc/hello"), "utf8"), "hi\n");
  // A TypeScript configuration needs esbuild and TypeScript, which the package does not carry: said, nothing written.
  writeFileSync(join(dir, "system.config.ts"), "export default {};\n");
  mkdirSync(join(dir, "root3"));
  const ts = spawnSync(join(first, STORE_DIR, cli, "bin/system-manager"), ["build", "--config", "system.config.ts", "--root", join(dir, "root3")], { encoding: "utf8", env, cwd: dir });
  assert.equal(ts.status, 1, `${ts.stdout}${ts.stderr}`);
  assert.match(ts.stderr, new RegExp(`Cannot load the TypeScript configuration ${dir}/system\\.config\\.ts: this system-manager \\(${first}${STORE_DIR}/${cli}/lib/system-manager\\) has no esbuild and no typescript, .* use a flake \\(--flake\\) or the npm installation`));
  assert.deepEqual(readdirSync(join(dir, "root3")), [], "nothing written");
});
