/**
 * Runs home-manager's own module tests (tests/modules/<dir>/<file>.nix of
 * a local copy) through our build: each fixture module is evaluated by
 * the real home-manager with the harness its tests use (tests/asserts.nix,
 * big-test.nix and stubs.nix of the copy; the same home.username,
 * homeDirectory, stateVersion and xdg defaults; its stubs as overlays of
 * our package set), turned into our home generation, and every
 * `assertFileContent FILE EXPECTED` of its nmt.script is checked byte for
 * byte: FILE from our generation's home-files, EXPECTED from the
 * fixture's store path (a copy of the fixture's file, or a toFile text)
 * or from our generation ($TESTED/…). As in home-manager's harness,
 * package paths read as `@pname@`, and normalizeStorePaths zeroes hashes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { realHomeContent } from "../../src/home/real-home-manager.ts";
import { readingEvalStore } from "../../src/home/eval-store-sources.ts";
import { readingStoreCopies, readSourceFromDisk } from "../../src/build/read-source.ts";
import type { HomeContent } from "../../src/build/home-generation.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { toJS } from "../../src/nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../../src/nix/value.ts";

export interface FixtureResult {
  readonly fixture: string;
  /** Files compared and equal. */
  readonly equal: string[];
  /** Why the fixture failed: an evaluation or build error, or a file that differs (with both texts). */
  readonly problems: string[];
}

/** What home-manager's harness shows: packages as @pname@; with normalizeStorePaths, store hashes zeroed. */
export function asInHomeManagerTests(text: string, normalize: boolean): string {
  const store = STORE_DIR.replace(/[/.]/g, "\\$&");
  const pkgs = text.replace(new RegExp(`${store}/[0-9a-z]{32}-([A-Za-z0-9_+.-]+?)(?=/|"|'|\\s|$)`, "g"), (m, name: string) => (/^hm[_-]|\.sh$|\.nix$/.test(name) ? m : `@${name}@`));
  return normalize ? pkgs.replace(new RegExp(`${store}/[0-9a-z]{32}-`, "g"), "/nix/store/00000000000000000000000000000000-") : pkgs;
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
        overlays = config.test.stubOverlays ++ lib.optionals (config.nixpkgs.overlays != null) config.nixpkgs.overlays;
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
 * definitions calling `mk modules`) use the home-manager and nixpkgs trees
 * given; `harness` is bound in their scope when given.
 */
export function writeHomeFlake(dir: string, o: { readonly hm: string; readonly nixpkgs: string; readonly configs: string; readonly harness?: string; readonly check?: boolean }): void {
  mkdirSync(dir, { recursive: true });
  const harnessLet = o.harness === undefined ? "" : `\n      harness = ${o.harness};`;
  const check = o.check === false ? " check = false;" : "";
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "path:${o.nixpkgs}";
  inputs.home-manager.url = "path:${o.hm}";
  outputs = { nixpkgs, home-manager, ... }:
    let${harnessLet}
      mk = modules: home-manager.lib.homeManagerConfiguration { pkgs = nixpkgs.legacyPackages.x86_64-linux;${check} inherit modules; };
    in { homeConfigurations = { ${o.configs} }; };
}
`,
  );
}

/** Evaluates `fixtures` (paths below tests/modules of `hm`) in one flake at `dir` and compares their files. */
export function runFixtures(hm: string, nixpkgs: string, dir: string, fixtures: readonly string[]): FixtureResult[] {
  const configs = fixtures.map((f, i) => `f${i} = mk [ (harness) ${join(hm, "tests/modules", f)} ];`).join("\n");
  writeHomeFlake(dir, { hm, nixpkgs, configs, harness: harness(hm, nixpkgs), check: false });
  const { ctx, store, storeCopies } = flakeEvaluation({ warn: () => {} });
  const all = loadFlake(dir, ctx).get("homeConfigurations") as NixAttrs;
  const read = readingEvalStore(store, readingStoreCopies(readSourceFromDisk, storeCopies));
  return fixtures.map((fixture, i) => {
    const equal: string[] = [];
    const problems: string[] = [];
    try {
      const config = (force(all.lazy(`f${i}`) as Lazy) as NixAttrs).get("config") as NixAttrs;
      const content = realHomeContent(config, { user: "hm-user", readSource: read });
      const script = String(toJS((config.get("nmt") as NixAttrs).lazy("script") as Lazy));
      compare(script, content, read, equal, problems);
    } catch (e) {
      problems.push((e as Error).message.split("\n").slice(0, 6).join("\n"));
    }
    return { fixture, equal, problems };
  });
}

function compare(script: string, content: HomeContent, read: (p: string) => ReadonlyMap<string, { kind: string; content?: Buffer }>, equal: string[], problems: string[]): void {
  const ours = (target: string) => {
    const e = content.tree.get(target);
    return e?.kind === "file" ? e.content.toString("utf8") : undefined;
  };
  const line = /assertFileContent\s+(?:\\\s*)?"?(\$\(normalizeStorePaths )?(home-files\/[^\s")]+)\)?"?\s+(?:\\\s*)?("?\$TESTED\/[^\s"]+"?|\S+)/g;
  for (const m of script.matchAll(line)) {
    const [, normalize, target, expectedRef] = m as unknown as [string, string | undefined, string, string];
    const ref = expectedRef.replace(/^"|"$/g, "");
    const want = ref.startsWith("$TESTED/") ? ours(ref.slice("$TESTED/".length)) : read(ref).get("")?.content?.toString("utf8");
    const got = ours(target);
    if (got === undefined || want === undefined) {
      problems.push(`${target}: ${got === undefined ? "not built as a file" : `expected file ${ref} unreadable`}`);
      continue;
    }
    const shown = asInHomeManagerTests(got, normalize !== undefined);
    if (shown === want) equal.push(target);
    else problems.push(`${target} differs:\n--- expected\n${want}\n--- ours\n${shown}`);
  }
}
