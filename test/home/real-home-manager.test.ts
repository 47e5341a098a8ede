/**
 * The real nix-community/home-manager (a local copy, never committed) as a
 * flake input, with nixpkgs.lib's real lib: `home-manager switch --flake`
 * builds and activates it into a scratch home, and for modules of the
 * acceptance list the files our build makes are byte for byte what
 * home-manager's own tests expect (their tests/modules/programs/<name>/
 * fixtures, read at test time: each fixture module is evaluated with a
 * stand-in for nmt's options, and its `assertFileContent` lines say which
 * file and which expected bytes). As in home-manager's harness, package
 * paths read as `@pname@`, and `normalizeStorePaths` zeroes store hashes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upstream } from "../helpers/upstream.ts";
import { main } from "../../src/cli/home-manager-main.ts";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { realHomeContent } from "../../src/home/real-home-manager.ts";
import { readingEvalStore } from "../../src/home/eval-store-sources.ts";
import { readingStoreCopies, readSourceFromDisk } from "../../src/build/read-source.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { toJS } from "../../src/nix/js-value.ts";
import { force, NixAttrs, type Lazy } from "../../src/nix/value.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const dirOf = (t: typeof hm) => ("dir" in t ? t.dir : "");

function flake(dir: string, configs: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "flake.nix"),
    `{
  inputs.nixpkgs.url = "path:${dirOf(lib)}";
  inputs.home-manager.url = "path:${dirOf(hm)}";
  outputs = { nixpkgs, home-manager, ... }:
    let
      mk = modules: home-manager.lib.homeManagerConfiguration { pkgs = nixpkgs.legacyPackages.x86_64-linux; inherit modules; };
    in { homeConfigurations = { ${configs} }; };
}
`,
  );
}

test("home-manager switch --flake with the real home-manager: git, a text file, packages; activated into the home", { skip }, async () => {
  const home = mkdtempSync(join(tmpdir(), "sm-real-hm-"));
  flake(
    join(home, "flake"),
    `hm-user = mk [ ({ pkgs, ... }: {
        home.username = "hm-user";
        home.homeDirectory = "${home}";
        home.stateVersion = "24.05";
        home.packages = [ pkgs.ripgrep ];
        home.file.".config/example/hello.txt".text = "Hello from home-manager!\\n";
        programs.git = { enable = true; settings.user = { name = "John Doe"; email = "user@example.org"; }; };
        home.activation.myThing = { after = [ "writeBoundary" ]; before = [ ]; data = "echo ran > \\"$HOME/my-thing\\""; };
      }) ];`,
  );
  const io = { out: "", err: "", stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), env: { HOME: home, USER: "hm-user" }, cwd: home };
  assert.equal(await main(["switch", "--flake", `${join(home, "flake")}#hm-user`], io), 0, io.err);
  assert.equal(readFileSync(join(home, ".config/example/hello.txt"), "utf8"), "Hello from home-manager!\n");
  assert.ok(lstatSync(join(home, ".config/git/config")).isSymbolicLink());
  const expected = readFileSync(join(dirOf(hm), "tests/modules/programs/git/git-without-signing-legacy.conf"), "utf8");
  assert.equal(asInHomeManagerTests(readFileSync(join(home, ".config/git/config"), "utf8"), false), expected);
  assert.equal(readFileSync(join(home, "my-thing"), "utf8"), "ran\n", `a user activation entry runs: ${io.err}`);
  const order = io.err.split("\n").flatMap((l) => (l.startsWith("Activating ") ? [l.slice(11)] : []));
  assert.deepEqual(order, ["checkFilesChanged", "checkLinkTargets", "writeBoundary", "installPackages", "linkGeneration", "myThing", "onFilesChange", "reloadSystemd"], "home-manager's own order");
  assert.ok(existsSync(join(home, ".nix-profile/etc/profile.d/hm-session-vars.sh")));
});

/** What home-manager's harness shows: packages as @pname@; with normalizeStorePaths, store hashes zeroed. */
function asInHomeManagerTests(text: string, normalize: boolean): string {
  const store = STORE_DIR.replace(/[/.]/g, "\\$&");
  const pkgs = text.replace(new RegExp(`${store}/[0-9a-z]{32}-([A-Za-z0-9_+.-]+?)(?=/|"|'|\\s|$)`, "g"), (m, name: string) => (/^hm[_-]|\.sh$|\.nix$/.test(name) ? m : `@${name}@`));
  return normalize ? pkgs.replace(new RegExp(`${store}/[0-9a-z]{32}-`, "g"), "/nix/store/00000000000000000000000000000000-") : pkgs;
}

/** Fixtures of home-manager's tests for the acceptance list, by test directory and file. */
const FIXTURES = [
  "git/git-without-signing-legacy.nix",
  "git/git-without-signing.nix",
  "bash/session-variables.nix",
  "zsh/history-substring-search.nix",
];

test("the real home-manager's files are byte for byte what its own tests expect", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-real-hm-fixtures-"));
  const nmt = `({ lib, ... }: { options.test = lib.mkOption { type = lib.types.anything; default = { }; }; options.nmt = lib.mkOption { type = lib.types.anything; default = { }; }; })`;
  const harness = `({ lib, ... }: { home.username = "hm-user"; home.homeDirectory = "/home/hm-user"; home.stateVersion = lib.mkDefault "18.09"; xdg.enable = lib.mkDefault true; manual.manpages.enable = false; _module.args.pkgsPath = ${dirOf(lib)}; })`;
  flake(dir, FIXTURES.map((f, i) => `f${i} = mk [ ${nmt} ${harness} ${join(dirOf(hm), "tests/modules/programs", f)} ];`).join("\n"));
  const { ctx, store, storeCopies } = flakeEvaluation({ warn: () => {} });
  const configs = loadFlake(dir, ctx).get("homeConfigurations") as NixAttrs;
  const read = readingEvalStore(store, readingStoreCopies(readSourceFromDisk, storeCopies));
  const problems: string[] = [];
  let compared = 0;
  FIXTURES.forEach((fixture, i) => {
    try {
      compareFixture(fixture, i);
    } catch (e) {
      problems.push(`${fixture}: ${(e as Error).message}`);
    }
  });
  function compareFixture(fixture: string, i: number): void {
    const config = (force(configs.lazy(`f${i}`) as Lazy) as NixAttrs).get("config") as NixAttrs;
    const content = realHomeContent(config, { user: "hm-user", readSource: read });
    const script = String(toJS(((config.get("nmt") as NixAttrs).lazy("script") as Lazy) ?? ""));
    for (const m of script.matchAll(/assertFileContent\s+(?:\\\s*)?"?(\$\(normalizeStorePaths )?(home-files\/[^\s")]+)\)?"?\s+(?:\\\s*)?(\S+)/g)) {
      const [, normalize, target, expectedPath] = m as unknown as [string, string | undefined, string, string];
      const entry = content.tree.get(target);
      const want = read(expectedPath).get("");
      compared++;
      if (entry?.kind !== "file" || want?.kind !== "file") {
        problems.push(`${fixture}: ${target}: ${entry === undefined ? "not built" : `not a file (${entry.kind})`}`);
        continue;
      }
      const got = asInHomeManagerTests(entry.content.toString("utf8"), normalize !== undefined);
      if (got !== want.content.toString("utf8")) problems.push(`${fixture}: ${target} differs:\n--- expected\n${want.content}\n--- ours\n${got}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(compared >= FIXTURES.length, `only ${compared} files compared`);
});
