/**
 * `build --offline` reaches the prebuilt provider through the installed
 * CLI: a configuration using pkgs.bun whose archive is not in the root's
 * download cache fails with the error naming pkgs.bun and the registry's
 * URL, exit status 1, and no generation made; nothing is downloaded.
 * The standalone `home-manager build --offline` of a home with pkgs.bun
 * in home.packages is refused alike.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { PREBUILT_CACHE_DIR } from "../../src/packages/prebuilt/fetch-archive.ts";
import { homeFlake, systemFlake } from "../helpers/scratch-flake.ts";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const HOME_MANAGER = resolve(import.meta.dirname, "../../bin/home-manager.js");

test("build --offline with pkgs.bun not cached: an error naming it and its URL, exit 1, no generation", () => {
  const { dir, flake, root, env } = systemFlake("sm-prebuilt-offline-", `({ pkgs, ... }: { nixpkgs.hostPlatform = "x86_64-linux"; environment.systemPackages = [ pkgs.bun ]; })`);
  try {
    const r = spawnSync(process.execPath, [CLI, "build", "--flake", flake, "--root", root, "--offline"], { encoding: "utf8", env: { ...env, SYSTEM_MANAGER_PACKAGES: undefined } });
    assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
    assert.match(
      r.stderr,
      new RegExp(`error: Cannot realise pkgs\\.bun offline: its archive https://registry\\.npmjs\\.org/@oven/bun-linux-x64/-/bun-linux-x64-1\\.3\\.13\\.tgz is not in the download cache \\(${join(root, PREBUILT_CACHE_DIR)}\\); run once without --offline to download it\\n`),
    );
    assert.equal(existsSync(join(root, "var/lib/system-manager/profiles")), false);
    assert.equal(existsSync(join(root, PREBUILT_CACHE_DIR)), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("home-manager build --offline with pkgs.bun in home.packages not cached: the same error, exit 1", () => {
  const { home, flake } = homeFlake("sm-prebuilt-offline-home-", `({ pkgs, ... }: { home.stateVersion = "25.05"; home.packages = [ pkgs.bun ]; })`);
  try {
    const r = spawnSync(process.execPath, [HOME_MANAGER, "build", "--flake", flake, "--offline"], { encoding: "utf8", cwd: home, env: { PATH: process.env.PATH, HOME: home, USER: "bob" } });
    assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /error: Cannot realise pkgs\.bun offline: its archive https:\/\/registry\.npmjs\.org\/@oven\/bun-linux-x64\/-\/bun-linux-x64-1\.3\.13\.tgz is not in the download cache/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
