/**
 * Runs home-manager's own module tests (tests/modules/<dir>/<file>.nix of
 * a local copy) through our build: each fixture module is evaluated as
 * home-manager's tests evaluate it (nmt: the fixture, home-manager's
 * module list and its harness module, by the extended lib's evalModules,
 * assertions unchecked; tests/asserts.nix, big-test.nix and stubs.nix of
 * the copy; the same home.username, homeDirectory, stateVersion and xdg
 * defaults; its stubs as overlays of our package set), turned into our
 * home generation, and its nmt.script is run against it as nmt runs it
 * (fixture-run.ts): assertFileContent compares bytes, packages' paths
 * read as `@pname@`, normalizeStorePaths zeroes hashes. Evaluations hold
 * a dozen fixtures each (one holding them all runs out of memory).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { readingEvalStore } from "../../src/home/eval-store-sources.ts";
import { readingStoreCopies, readSourceFromDisk } from "../../src/build/read-source.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { force, NixAttrs, type Lazy } from "../../src/nix/value.ts";
import { FixtureStore } from "./fixture-store.ts";
import { runFixture } from "./fixture-run.ts";

export interface FixtureResult {
  readonly fixture: string;
  /** Why the fixture failed: an evaluation or build error, or its nmt.script's failure (with its output); none when it passed. */
  readonly problems: string[];
}

/** What home-manager's harness shows: packages as @pname@; with normalizeStorePaths, store hashes zeroed. */
export function asInHomeManagerTests(text: string, normalize: boolean): string {
  const store = STORE_DIR.replace(/[/.]/g, "\\$&");
  const pkgs = text.replace(new RegExp(`${store}/[0-9a-z]{32}-([A-Za-z0-9_+.-]+?)(?=/|"|'|\\s|$)`, "g"), (m, name: string) => (/^hm[_-]|\.sh$|\.nix$/.test(name) ? m : `@${name}@`));
  return normalize ? pkgs.replace(new RegExp(`${store}/[0-9a-z]{32}-`, "g"), "/nix/store/00000000000000000000000000000000-") : pkgs;
}

/**
 * Overlays standing in for what the build machine lacks: without
 * desktop-file-utils, its update-desktop-database (home-manager's
 * xdg.mime runs it over home-path's share/applications when packages
 * such as the neovim wrapper have desktop files) does nothing. The shell
 * plugins pkgs builds from their GitHub repositories
 * (src/packages/nixpkgs/shell-plugins.nix) are home-manager's own kind of
 * stub (tests/stubs.nix: the path `@name@`), so the tests need no network.
 */
function hostOverlays(): string {
  const plugins = `(final: prev: { zsh-history-substring-search = prev.zsh-history-substring-search // { outPath = "@zsh-history-substring-search@"; }; })`;
  if (existsSync("/usr/bin/update-desktop-database")) return plugins;
  return `${plugins} (final: prev: { desktop-file-utils = final.runCommand "desktop-file-utils" { } ''
      mkdir -p $out/bin
      printf '#!/bin/sh\\n' > $out/bin/update-desktop-database
      chmod +x $out/bin/update-desktop-database
    ''; })`;
}

function harness(hm: string, nixpkgs: string): string {
  return `({ config, lib, ... }: {
    imports = [ ${hm}/tests/asserts.nix ${hm}/tests/big-test.nix ${hm}/tests/stubs.nix ];
    options.nmt.script = lib.mkOption { type = lib.types.lines; default = ""; };
    options.nmt.description = lib.mkOption { type = lib.types.str; default = ""; };
    config = {
      _module.args.pkgsPath = ${nixpkgs};
      _module.args.realPkgs = import ${nixpkgs} { system = "x86_64-linux"; };
      _module.args.pkgs = lib.mkImageMediaOverride (import ${nixpkgs} {
        system = "x86_64-linux";
        overlays = config.test.stubOverlays ++ [ ${hostOverlays()} ] ++ lib.optionals (config.nixpkgs.overlays != null) config.nixpkgs.overlays;
      });
      xdg.enable = lib.mkDefault true;
      home = { username = "hm-user"; homeDirectory = "/home/hm-user"; stateVersion = lib.mkDefault "18.09"; };
      programs.zsh.dotDir = lib.mkIf (config.home.stateVersion == "18.09") (lib.mkDefault "/home/hm-user");
      manual.manpages.enable = lib.mkDefault false;
    };
  })`;
}

/**
 * A flake at `dir` whose homeConfigurations (`configs`, attribute
 * definitions calling `mk modules`: home-manager's
 * homeManagerConfiguration) use the home-manager and nixpkgs trees given.
 * With `harness`, `test modules` is bound too: the modules evaluated as
 * home-manager's tests evaluate them (its module list with the harness
 * module, by the extended lib's evalModules, the test's own modules
 * first as nmt puts them: list definitions merge in that order; no
 * assertion check).
 */
export function writeHomeFlake(dir: string, o: { readonly hm: string; readonly nixpkgs: string; readonly configs: string; readonly harness?: string }): void {
  mkdirSync(dir, { recursive: true });
  const testLet =
    o.harness === undefined
      ? ""
      : `
      hmLib = import "\${home-manager}/modules/lib/stdlib-extended.nix" nixpkgs.lib;
      test = modules: hmLib.evalModules {
        modules = modules ++ import "\${home-manager}/modules/modules.nix" { lib = hmLib; pkgs = nixpkgs.legacyPackages.x86_64-linux; check = false; } ++ [ (${o.harness}) ];
      };`;
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "path:${o.nixpkgs}";
  inputs.home-manager.url = "path:${o.hm}";
  outputs = { nixpkgs, home-manager, ... }:
    let${testLet}
      mk = modules: home-manager.lib.homeManagerConfiguration { pkgs = nixpkgs.legacyPackages.x86_64-linux; inherit modules; };
    in { homeConfigurations = { ${o.configs} }; };
}
`,
  );
}

/** A fixture's module: its file (below tests/modules, absolute, or "./NAME" in the flake), or `(import FILE ARG)` for an entry "FILE ARG" (home-manager's `import ./dotdir.nix "absolute"`). */
function fixtureModule(hm: string, fixture: string): string {
  const [file, arg] = fixture.split(" ") as [string, string | undefined];
  const path = file.startsWith("/") || file.startsWith("./") ? file : join(hm, "tests/modules", file);
  return arg === undefined ? path : `(import ${path} ${JSON.stringify(arg)})`;
}

const BATCH = 12;

/**
 * Evaluates `fixtures` (paths below tests/modules of `hm`, each maybe with
 * an argument; "./NAME" for one of `files`, written into each flake) in
 * flakes under `dir` (a dozen per evaluation), builds
 * what they refer to and runs their nmt.script (nmt-script.ts).
 */
export async function runFixtures(hm: string, nixpkgs: string, dir: string, fixtures: readonly string[], files: Readonly<Record<string, string>> = {}): Promise<FixtureResult[]> {
  const results: FixtureResult[] = [];
  for (let b = 0; b < fixtures.length; b += BATCH) {
    const batch = fixtures.slice(b, b + BATCH);
    const flakeDir = join(dir, `flake-${b / BATCH}`);
    const configs = batch.map((f, i) => `f${i} = test [ ${fixtureModule(hm, f)} ];`).join("\n");
    writeHomeFlake(flakeDir, { hm, nixpkgs, configs, harness: harness(hm, nixpkgs) });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(flakeDir, name), text);
    const { ctx, store, storeCopies } = flakeEvaluation({ warn: () => {} });
    const all = loadFlake(flakeDir, ctx).get("homeConfigurations") as NixAttrs;
    const fstore = new FixtureStore(join(dir, "root"), store, storeCopies);
    const read = readingEvalStore(store, readingStoreCopies(readSourceFromDisk, storeCopies, fstore.root));
    for (const [i, fixture] of batch.entries()) {
      const problems: string[] = [];
      try {
        const config = (force(all.lazy(`f${i}`) as Lazy) as NixAttrs).get("config") as NixAttrs;
        problems.push(...(await runFixture(config, fstore, read, join(dir, `run-${b + i}`))));
      } catch (e) {
        problems.push((e as Error).message.split("\n").slice(0, 12).join("\n"));
      }
      results.push({ fixture, problems });
    }
  }
  return results;
}
