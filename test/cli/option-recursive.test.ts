/**
 * `option --recursive PATH` through the installed launchers (bin/, on the
 * built dist/), as nixos-option's recursive mode that `home-manager option
 * --recursive` runs: every value at or below PATH, `name = value;` a line
 * in Nix's name order (golden); a leaf alone; a path with no value and
 * --recursive with --json are user errors (exit 1, nothing on stdout).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { homeFlake, systemFlake } from "../helpers/scratch-flake.ts";
import { assertGolden } from "../helpers/golden.ts";

const smBin = fileURLToPath(new URL("../../bin/system-manager.js", import.meta.url));
const hmBin = fileURLToPath(new URL("../../bin/home-manager.js", import.meta.url));
const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));

const sys = systemFlake("sm-option-rec-", "./system.nix");
writeFileSync(
  join(sys.flake, "system.nix"),
  `{ lib, ... }: {
  options.site = {
    greeting = lib.mkOption { type = lib.types.str; default = "hello"; };
    ports = lib.mkOption { type = lib.types.listOf lib.types.port; default = [ ]; };
    limits = lib.mkOption { type = lib.types.attrsOf lib.types.int; default = { }; };
    broken = lib.mkOption { type = lib.types.str; default = throw "no broken value"; };
  };
  config = { nixpkgs.hostPlatform = "x86_64-linux"; site = { greeting = "hey"; ports = [ 80 443 ]; limits = { b = 2; a = 1; }; }; };
}
`,
);
const home = homeFlake("hm-option-rec-", "./home.nix");
writeFileSync(join(home.flake, "home.nix"), `{ home.stateVersion = "25.05"; programs.git = { enable = true; userName = "Bob"; }; }\n`);
after(() => [sys.dir, home.home].forEach((d) => rmSync(d, { recursive: true, force: true })));

const env = { ...sys.env, SYSTEM_MANAGER_LARGE_STACK: undefined };
const sm = (...args: string[]) => spawnSync(process.execPath, [smBin, ...args], { encoding: "utf8", env, cwd: sys.dir });
const flake = ["--flake", sys.flake, "--offline"];

test("every value below the path, one `name = value;` a line, in name order; one that fails is «error» (golden)", () => {
  const r = sm("option", "--recursive", "site", ...flake);
  assert.equal(r.status, 0, r.stderr);
  assertGolden(join(GOLDEN, "option-recursive-site.txt"), r.stdout);
  assert.match(r.stdout, /^site\.broken = «error»;\nsite\.greeting = "hey";\nsite\.limits\.a = 1;\nsite\.limits\.b = 2;\n/);
});

test("a leaf: its own line; a trailing dot is dropped, as for completion", () => {
  const r = sm("option", "site.greeting.", "--recursive", ...flake);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'site.greeting = "hey";\n');
});

test("a path the configuration has no value at, and --recursive with --json, are errors that print nothing", () => {
  const none = sm("option", "--recursive", "site.nothing", ...flake);
  assert.equal(none.status, 1);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /^error: Cannot show `site\.nothing': the configuration has no value there/);
  const json = sm("option", "--recursive", "--json", "site", ...flake);
  assert.equal(json.status, 1);
  assert.match(json.stderr, /Cannot use --recursive with --json/);
});

test("home-manager option --recursive: the home's values below the path", () => {
  const r = spawnSync(process.execPath, [hmBin, "option", "--recursive", "programs.git", "--flake", home.flake, "--offline"], { encoding: "utf8", env: { ...env, HOME: home.home, USER: "bob" }, cwd: home.home });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.ok(lines.includes("programs.git.enable = true;"), r.stdout);
  assert.ok(lines.includes('programs.git.userName = "Bob";'), r.stdout);
  assert.ok(lines.every((l) => l.startsWith("programs.git.") && l.endsWith(";")), r.stdout);
});
