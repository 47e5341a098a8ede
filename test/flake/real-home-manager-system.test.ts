/**
 * The seed's flake with the real home-manager's NixOS module (local
 * copies of nix-community/home-manager and nixpkgs' lib given with
 * --override-input; never committed), evaluated as system-manager
 * evaluates it: makeSystemConfig takes the real lib and our package set
 * from the flake's nixpkgs, home-manager's own module declares
 * home-manager.users, and the options it sets or reads exist. These need
 * no network: evaluation only, and a build refused before anything is
 * realised. (test/e2e/seed-real-home-manager.e2e.ts switches it for real.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { upstream } from "../helpers/upstream.ts";
import { nodeStandIn } from "../helpers/engine.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const SEED = join(import.meta.dirname, "../../examples/home-manager");

function seedCopy(edit?: (text: string) => string): { dir: string; root: string } {
  const dir = mkdtempSync(join(tmpdir(), "sm-real-hm-system-"));
  cpSync(join(SEED, "flake.nix"), join(dir, "flake.nix"));
  if (edit !== undefined) writeFileSync(join(dir, "flake.nix"), edit(readFileSync(join(dir, "flake.nix"), "utf8")));
  return { dir, root: mkdtempSync(join(tmpdir(), "sm-real-hm-root-")) };
}

async function run(args: string[], cwd: string) {
  const r = { out: "", err: "" };
  const code = await main(args, {
    stdout: (t) => void (r.out += t),
    stderr: (t) => void (r.err += t),
    env: { XDG_CACHE_HOME: join(cwd, ".cache"), SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn() },
    cwd,
  });
  return { code, ...r };
}

const overrides = () => ["--override-input", "home-manager", `path:${"dir" in hm ? hm.dir : ""}`, "--override-input", "nixpkgs", `path:${"dir" in lib ? lib.dir : ""}`];

test("the seed with the real home-manager evaluates: alice's home files are home-manager's, her home is read from users.users.alice", { skip }, async () => {
  const { dir, root } = seedCopy();
  const attr = (path: string) => run(["eval", "--json", "--flake", `${dir}#systemConfigs.default.config.${path}`, "--root", root, ...overrides()], dir);
  const files = await attr("home-manager.users.alice.home.file");
  assert.equal(files.code, 0, files.err);
  const byTarget = Object.fromEntries(Object.values(JSON.parse(files.out) as Record<string, { target: string; text: string | null }>).map((f) => [f.target, f.text]));
  assert.equal(byTarget[".config/example/hello.txt"], "Hello from home-manager!\n");
  assert.match(byTarget[".config/git/config"] ?? "", /^\[user\]\n\temail = "alice@example\.com"\n\tname = "Alice"$/m, "home-manager's own git module wrote it");
  const home = await attr("home-manager.users.alice.home.homeDirectory");
  assert.equal(home.out.trim(), '"/home/alice"', "read from users.users.alice, as home-manager's NixOS module does");
  const fonts = await attr("fonts.fontconfig.enable");
  assert.equal(fonts.out.trim(), "false");
  const manual = await attr("home-manager.users.alice.manual.manpages.enable");
  assert.equal(manual.out.trim(), "false", "system-manager does not build home-manager's manual page: off by default (home.path is then the profile it makes)");
  const nushell = await attr("home-manager.users.alice.home.shell.enableNushellIntegration");
  assert.equal(nushell.out.trim(), "false", "nushell integrations follow programs.nushell.enable (src/home/home-defaults.ts)");
  const sway = await attr("home-manager.users.alice.wayland.windowManager.sway.checkConfig");
  assert.equal(sway.out.trim(), "false", "sway's configuration check needs an X server in the build: off by default (src/home/home-defaults.ts)");
});

test("startAsUserService (user units installed system-wide) is refused with a clear message before anything is built", { skip }, async () => {
  const { dir, root } = seedCopy((t) => t.replace("useGlobalPkgs = true;", "useGlobalPkgs = true;\n                startAsUserService = true;"));
  const r = await run(["build", "--flake", dir, "--root", root, ...overrides()], dir);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /system-manager does not install system-wide user units: `systemd\.user\.services' is set \(home-manager sets it with home-manager\.startAsUserService = true/);
  assert.match(r.err, /system-manager does not run user activation scripts: `system\.userActivationScripts\.home-manager' is set/);
});
