/**
 * `option` and `options` through the installed launchers (bin/, on the
 * built dist/: run `node scripts/build.mjs` first), on flakes in scratch
 * directories with the built-in system-manager and home-manager inputs
 * (--offline) and packages off: a leaf option's value and the file
 * defining it, a prefix's names, an unknown path's closest names (exit 1,
 * nothing on stdout), a name standing for `<name>`, a home option through
 * `home-manager option --flake`, a TypeScript configuration (imported in
 * the worker), `options --json` of the whole tree, and a build's unknown
 * option naming `system-manager option <prefix>`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { systemFlake, homeFlake } from "../helpers/scratch-flake.ts";
import { assertGolden } from "../helpers/golden.ts";

const smBin = fileURLToPath(new URL("../../bin/system-manager.js", import.meta.url));
const hmBin = fileURLToPath(new URL("../../bin/home-manager.js", import.meta.url));
const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));

const sys = systemFlake("sm-option-", "./system.nix");
writeFileSync(
  join(sys.flake, "system.nix"),
  `{ lib, ... }: {
  options.site.greeting = lib.mkOption { type = lib.types.str; default = "hello"; example = "hi"; description = "What the site says."; };
  config = { nixpkgs.hostPlatform = "x86_64-linux"; site.greeting = "hey"; users.users.alice = { isNormalUser = true; uid = 1001; }; };
}
`,
);
const home = homeFlake("hm-option-", "./home.nix");
writeFileSync(join(home.flake, "home.nix"), `{ home.stateVersion = "25.05"; programs.git.enable = true; }\n`);
const scratch = mkdtempSync(join(tmpdir(), "sm-option-ts-"));
after(() => [sys.dir, home.home, scratch].forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = { ...sys.env, SYSTEM_MANAGER_LARGE_STACK: undefined };
const sm = (...args: string[]) => spawnSync(process.execPath, [smBin, ...args], { encoding: "utf8", env, cwd: sys.dir });
const flake = ["--flake", sys.flake, "--offline"];

test("a leaf option: its value in the flake's configuration, default, type, description, example, declared and defined by (golden)", () => {
  const r = sm("option", "site.greeting", ...flake);
  assert.equal(r.status, 0, r.stderr);
  assertGolden(join(GOLDEN, "option-site-greeting.txt"), r.stdout.replaceAll(sys.flake, "FLAKE"));
  assert.match(r.stdout, /^Value:\n {2}"hey"\n/);
  assert.match(r.stdout, /Defined by:\n {2}.*\/flake\/system\.nix\n$/);
});

test("a name standing for <name> gives that user's value; a prefix lists the names below it", () => {
  const uid = sm("option", "users.users.alice.uid", ...flake);
  assert.equal(uid.status, 0, uid.stderr);
  assert.match(uid.stdout, /^Value:\n {2}1001\n\nDefault:\n {2}null\n\nType:\n {2}null or signed integer\n/);
  const prefix = sm("option", "users.users.alice", ...flake);
  assert.equal(prefix.status, 0, prefix.stderr);
  assert.match(prefix.stdout, /^This attribute set contains:\n(.*\n)*uid\n/);
  assert.ok(prefix.stdout.split("\n").includes("isNormalUser"));
});

test("an unknown path: the closest names, where to list them, exit 1 and nothing on stdout", () => {
  const r = sm("option", "services.opensh.enable", ...flake);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^error: The option `services.opensh' does not exist\.\n.*\n\s*Did you mean `services.openssh'/);
  assert.match(r.stderr, /Run `system-manager option services' to list the options there\./);
});

test("a TypeScript configuration is evaluated (in the worker, whose bundle can import it)", () => {
  const config = join(scratch, "system.config.ts");
  writeFileSync(config, `import { defineConfig } from "system-manager";\nexport default defineConfig({ modules: [{ nixpkgs: { hostPlatform: "x86_64-linux" }, services: { openssh: { enable: true } } }] });\n`);
  for (let i = 0; i < 2; i++) {
    const r = sm("option", "services.openssh.enable", "--config", config);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Value:\n {2}true\n/);
  }
});

test("home-manager option --flake: the home's value and the file defining it", () => {
  const r = spawnSync(process.execPath, [hmBin, "option", "programs.git.enable", "--flake", home.flake, "--offline"], { encoding: "utf8", env: { ...env, HOME: home.home, USER: "bob" }, cwd: home.home });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Value:\n {2}true\n\nDefault:\n {2}false\n/);
  assert.match(r.stdout, /Defined by:\n {2}.*\/flake\/home\.nix\n$/);
});

test("options --json: the whole tree as options.json, the flake's own options with it; without a configuration, the declarations", () => {
  const r = sm("options", "--json", ...flake);
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
  assertGolden(join(GOLDEN, "options-site-greeting.json"), JSON.stringify(o["site.greeting"]).replaceAll(sys.flake, "FLAKE") + "\n");
  for (const name of ["users.users.<name>.uid", "services.openssh.settings", "environment.etc.<name>.text"]) assert.ok(name in o, name);
  const none = sm("option", "services.openssh.enable");
  assert.equal(none.status, 0, none.stderr);
  assert.match(none.stdout, /^Value:\n {2}\(none shown: no configuration was given .*\)\n\nDefault:\n {2}false\n/);
});

test("a build's unknown option names the option command that lists the options beside it", () => {
  const typo = systemFlake("sm-option-typo-", `{ nixpkgs.hostPlatform = "x86_64-linux"; services.openssh.enabel = true; }`);
  after(() => rmSync(typo.dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [smBin, "build", "--flake", typo.flake, "--offline", "--root", typo.root], { encoding: "utf8", env: { ...typo.env, SYSTEM_MANAGER_LARGE_STACK: undefined }, cwd: typo.dir });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /The option `services.openssh.enabel' does not exist\./);
  assert.match(r.stderr, /Did you mean `services.openssh.enable'.*\n\s*\n\s*Run `system-manager option services.openssh' to list the options there\./);
});

test("help: option --help and options --help, and the command lists of both programs", () => {
  const opt = sm("option", "--help");
  assert.equal(opt.status, 0, opt.stderr);
  assert.match(opt.stdout, /^Usage: system-manager option \[PATH\] \[--flake DIR\[#NAME\] \| --config FILE\] \[--json\]/);
  assert.match(sm("options", "--help").stdout, /^Usage: system-manager options \[--json\]/);
  assert.match(sm("--help").stdout, /\n {2}option {8}Show an option .*\n(.*\n)? {2}options {7}List every option/);
  const hm = spawnSync(process.execPath, [hmBin, "help"], { encoding: "utf8", env: { ...env, HOME: home.home, USER: "bob" } });
  assert.match(hm.stdout, /\n {2}option \[PATH\] \[--json\] +Show an option/);
  const hmOpt = spawnSync(process.execPath, [hmBin, "option", "--help"], { encoding: "utf8", env: { ...env, HOME: home.home, USER: "bob" } });
  assert.match(hmOpt.stdout, /^Usage: home-manager option \[PATH\]/);
});

test("home-manager option: without --flake or --config, ~/.config/home-manager/home.config.ts; without it, no value and why", () => {
  const hmHome = mkdtempSync(join(tmpdir(), "hm-option-default-"));
  after(() => rmSync(hmHome, { recursive: true, force: true }));
  const run = () => spawnSync(process.execPath, [hmBin, "option", 'home.file."hello.txt".text'], { encoding: "utf8", env: { ...env, HOME: hmHome, USER: "bob" }, cwd: hmHome });
  const none = run();
  assert.equal(none.status, 0, none.stderr);
  assert.match(none.stdout, /^Value:\n {2}\(none shown: no configuration was given .*home\.config\.ts does not exist\)\n/);
  mkdirSync(join(hmHome, ".config/home-manager"), { recursive: true });
  const config = join(hmHome, ".config/home-manager/home.config.ts");
  writeFileSync(config, `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", file: { "hello.txt": { text: "hi" } } } }] });\n`);
  const r = run();
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Value:\n {2}"hi"\n/);
  assert.match(r.stdout, /Defined by:\n {2}.*home\.config\.ts/);
});
