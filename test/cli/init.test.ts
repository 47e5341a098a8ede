/**
 * `init` through the installed launcher on scratch directories (run
 * `node scripts/build.mjs` first): it writes a configuration that builds
 * offline, never overwrites a file (and says so), defaults to
 * ~/.config/system-manager, which build and switch then use without
 * --flake, as upstream's.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
// Only its scratch directory and environment are used: HOME is the directory itself.
const f = systemFlake("sm-cli-init-", "");
after(() => rmSync(f.dir, { recursive: true, force: true }));

function sm(args: readonly string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...f.env, ...env } });
}
function ok(args: readonly string[]) {
  const r = sm(args);
  assert.equal(r.status, 0, `${args.join(" ")}\n${r.stderr}`);
  return r;
}
function fresh(name: string): string {
  const root = join(f.dir, name);
  mkdirSync(root);
  return root;
}

test("init writes system.nix and flake.nix that build offline; a second init overwrites nothing and says so", () => {
  const dir = join(f.dir, "init");
  const r = ok(["init", dir]);
  assert.match(r.stderr, /Initializing a new system-manager configuration at '.*\/init'/);
  assert.match(readFileSync(join(dir, "system.nix"), "utf8"), /nixpkgs\.hostPlatform = "[a-z0-9_]+-linux";/);
  assert.match(readFileSync(join(dir, "flake.nix"), "utf8"), /modules = \[ \.\/system\.nix \];/);
  writeFileSync(join(dir, "system.nix"), `{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."mine".text = "kept"; }\n`);
  const again = ok(["init", dir]);
  assert.match(again.stderr, /system\.nix' already exists, leaving it unchanged/);
  assert.match(again.stderr, /flake\.nix' already exists, leaving it unchanged/);
  assert.match(readFileSync(join(dir, "system.nix"), "utf8"), /kept/);
  const root = fresh("init-root");
  const path = ok(["build", "--flake", dir, "--root", root, "--offline"]).stdout.trim().split("\n").pop() as string;
  assert.equal(readFileSync(join(path, "etc/mine"), "utf8"), "kept");
});

test("init into a file, or a path through one, says so in plain words and writes nothing", () => {
  const file = join(f.dir, "init-file");
  writeFileSync(file, "mine\n");
  for (const [path, why] of [[file, "it exists and is not a directory"], [join(file, "sub"), "Not a directory"]] as const) {
    const r = sm(["init", path]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `error: Cannot create the configuration directory '${path}': ${why}\n`);
  }
  assert.equal(readFileSync(file, "utf8"), "mine\n");
});

test("init's default is ~/.config/system-manager; --no-flake writes system.nix alone", () => {
  ok(["init", "--no-flake"]);
  const dir = join(f.dir, ".config/system-manager");
  assert.equal(existsSync(join(dir, "system.nix")), true);
  assert.equal(existsSync(join(dir, "flake.nix")), false);
  const home = ok(["init", "~/elsewhere"]);
  assert.match(home.stderr, new RegExp(`'${join(f.dir, "elsewhere")}'`));
  const both = sm(["init", "a", "--path", "b"]);
  assert.equal(both.status, 1);
  assert.match(both.stderr, /supply the path once/);
});

test("after init, build and switch without --flake use ~/.config/system-manager, as upstream; --flake ~/… is under the home", () => {
  const home = join(f.dir, "home-default");
  mkdirSync(home);
  const env = { HOME: home };
  assert.equal(sm(["init", "--root", "x"], env).status, 1);
  assert.equal(sm(["init"], env).status, 0);
  const root = fresh("default-flake");
  const b = sm(["build", "--root", root, "--offline"], env);
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stderr, new RegExp(`Using the flake in ${home}/\\.config/system-manager`));
  const s = sm(["switch", "--root", root, "--offline"], env);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stderr, /Generation 1 \(new\)/);
  const tilde = sm(["switch", "--flake", "~/.config/system-manager", "--root", root, "--offline"], env);
  assert.equal(tilde.status, 0, tilde.stderr);
  assert.match(tilde.stderr, /No changes\./);
});
