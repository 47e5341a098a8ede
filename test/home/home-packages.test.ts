/**
 * Standalone homes and `home.packages`: the packages asked for are part of
 * the generation (home-packages.json), and those in the store make its
 * home-path profile (bin/ links), for our home modules and, through the
 * same code, the real home-manager's evaluation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readlinkSync, renameSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildStandaloneHome } from "../../src/home/standalone-home.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { lazyFromJS } from "../../src/nix/js-value.ts";
import { NixAttrs, type Lazy } from "../../src/nix/value.ts";
import { packageSet } from "../../src/packages/package-set.ts";
import { fakePath } from "../packages/helpers/fake-store.ts";

const config = (packages: (pkgs: Record<string, unknown>) => unknown[]) =>
  lazyFromJS(({ pkgs }: { pkgs: Record<string, unknown> }) => ({ _file: "/cfg/home.ts", home: { stateVersion: "25.05", packages: packages(pkgs) } }));

function build(storeRoot: string, modules: Lazy[]) {
  return buildStandaloneHome(modules, { user: "bob", home: "/home/bob", system: "x86_64-linux", storeRoot, readSource: readSourceFromDisk, warn: () => {} });
}

test("home.packages: an empty home and one with pkgs.ripgrep are different generations; a package in the store is in home-path", async () => {
  const storeRoot = mkdtempSync(join(tmpdir(), "sm-home-packages-"));
  const empty = await build(storeRoot, [config(() => [])]);
  const withRg = await build(storeRoot, [config((pkgs) => [pkgs.ripgrep])]);
  assert.notEqual(empty, withRg);
  const rg = String((packageSet(() => "x86_64-linux").get("ripgrep") as NixAttrs).get("outPath"));
  assert.deepEqual(JSON.parse(readFileSync(join(storeRoot, withRg, "home-packages.json"), "utf8")), [{ attr: "ripgrep", outPath: rg }]);
  // The package realised into the store (as a package session would): the profile links its program.
  const made = fakePath(storeRoot, "ripgrep", { "bin/rg": "#!/bin/sh\n" });
  mkdirSync(dirname(join(storeRoot, rg)), { recursive: true });
  renameSync(join(storeRoot, made), join(storeRoot, rg));
  const realised = await build(storeRoot, [config((pkgs) => [pkgs.ripgrep])]);
  const profile = readlinkSync(join(storeRoot, realised, "home-path"));
  assert.equal(readlinkSync(join(storeRoot, profile, "bin/rg")), `${rg}/bin/rg`);
});
