/**
 * Flakes: the seed's flake.nix, unchanged, builds the very generation its
 * TypeScript twin builds; inputs resolve offline (stand-ins, path:,
 * follows); a malformed flake or an unknown input is a clear error.
 * Through the command line GitHub is out of reach (no-network.ts): the
 * seed's nixpkgs and home-manager are the stand-ins, with a warning.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { flakeEvaluation } from "../../src/flake/flake-system.ts";
import { loadFlake } from "../../src/flake/load-flake.ts";
import { force, NixAttrs } from "../../src/nix/value.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { nodeStandIn } from "../helpers/engine.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const repo = join(import.meta.dirname, "../..");
const io = () => {
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-cache-")), SYSTEM_MANAGER_PACKAGES: "off", SYSTEM_MANAGER_NODE: nodeStandIn(), ...NO_GITHUB }, cwd: repo };
  return r;
};

function flake(text: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-flake-"));
  writeFileSync(join(dir, "flake.nix"), text);
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, ".."), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

const load = (dir: string) => loadFlake(dir, flakeEvaluation({ warn: () => undefined }).ctx);

test("examples/home-manager/flake.nix is the seed's flake.nix, byte for byte", () => {
  assert.equal(readFileSync(join(repo, "examples/home-manager/flake.nix"), "utf8"), readFileSync(join(repo, "../shared/seed/flake.nix"), "utf8"));
});

test("the seed flake builds the same generation as its TypeScript twin, with home-manager's rename warnings", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-flake-build-"));
  const a = io();
  assert.equal(await main(["build", "--flake", "examples/home-manager", "--root", root], a), 0, a.err);
  const b = io();
  assert.equal(await main(["build", "--config", "examples/home-manager/system.config.ts", "--root", root], b), 0, b.err);
  assert.equal(a.out.trim(), b.out.trim());
  assert.match(a.err, /evaluation warning: alice profile: The option `programs\.git\.userName' defined in `<unknown-file>' has been renamed to `programs\.git\.settings\.user\.name'\./);
  const c = io();
  assert.equal(await main(["build", "--flake", "examples/home-manager#default", "--root", root], c), 0, c.err);
  assert.equal(c.out.trim(), a.out.trim());
});

test("system-manager eval prints values as nix eval does, from expressions and flakes", async () => {
  const cases: [string[], string][] = [
    [["--expr", "{ b = [ 1 2.5 \"x\" ]; a = true; }"], '{ a = true; b = [ 1 2.5 "x" ]; }\n'],
    [["--flake", "examples/home-manager#systemConfigs.default.config.users.users.alice.uid"], "5000\n"],
    [["--json", "--flake", "examples/home-manager#systemConfigs.default.config.users.groups.alice.gid"], "5000\n"],
  ];
  for (const [args, expected] of cases) {
    const x = io();
    assert.equal(await main(["eval", ...args], x), 0, x.err);
    assert.equal(x.out, expected);
  }
});

test("inputs: follows, path: flakes and the stand-ins' outPath", () => {
  const dep = flake(`{ outputs = { self }: { answer = 42; }; }`);
  const out = load(
    flake(`{
      inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-24.05";
      inputs.hm = { url = "github:nix-community/home-manager"; inputs.nixpkgs.follows = "nixpkgs"; };
      inputs.np.follows = "nixpkgs";
      inputs.dep.url = "path:${dep}";
      outputs = { self, nixpkgs, hm, np, dep }: {
        same = nixpkgs.outPath == np.outPath;
        hasModule = hm.nixosModules ? home-manager;
        answer = dep.answer;
        joined = nixpkgs.lib.concatStringsSep "-" [ "a" "b" ];
        self = self.outPath;
      };
    }`),
  );
  assert.equal(out.get("same"), true);
  assert.equal(out.get("hasModule"), true);
  assert.equal(out.get("answer"), 42n);
  assert.equal(out.get("joined"), "a-b");
});

test("a flake that is not a set, has an unknown attribute, lacks outputs or names an unknown input is an error", () => {
  const err = (text: string, re: RegExp) => assert.throws(() => force(load(flake(text)).lazy("x") ?? null), (e: unknown) => e instanceof UserError && re.test(e.message));
  err(`let x = 1; in x`, /file '.*\/flake\.nix' must be an attribute set/);
  err(`{ outputs = _: {}; foo = 1; }`, /flake '.*' has an unsupported attribute 'foo'/);
  err(`{ description = "x"; }`, /flake '.*' lacks attribute 'outputs'/);
  err(`{ inputs.x.url = "github:someone/else"; outputs = { self, x }: { x = x.y; }; }`, /cannot fetch input 'x' \(github:someone\/else\) offline/);
  err(`{ outputs = { self, unknown }: { x = unknown; }; }`, /cannot find flake 'flake:unknown' in the flake registries/);
});

test("--flake without a matching configuration names what it tried", async () => {
  const dir = flake(`{ outputs = { self }: { systemConfigs = {}; }; }`);
  const x = io();
  assert.equal(await main(["build", "--flake", dir, "--root", mkdtempSync(join(tmpdir(), "sm-"))], x), 1);
  assert.match(x.err, /No suitable flake attribute found in .* giving up\./);
  const y = io();
  assert.equal(await main(["build", "--flake", `${dir}#nope`, "--root", mkdtempSync(join(tmpdir(), "sm-"))], y), 1);
  assert.match(y.err, /Explicitly provided flake URI does not point to a valid system-manager configuration: .*#nope/);
  assert.ok(NixAttrs);
});

test("Nix modules plug into the module system with their file and line: a conflict between flake.nix and an imported file", async () => {
  const x = io();
  assert.equal(await main(["build", "--flake", "test/flake/fixtures/conflict", "--root", mkdtempSync(join(tmpdir(), "sm-"))], x), 1);
  const fixture = join(repo, "test/flake/fixtures/conflict");
  assert.ok(
    x.err.startsWith(
      `error: The option \`users.groups.g.gid' has conflicting definition values:\n       - In \`${fixture}/flake.nix:7': 1\n       - In \`${fixture}/other.nix:3': 2\n`,
    ),
    x.err,
  );
  assert.match(x.err, /> 7 \|         \{ users\.groups\.g\.gid = 1; \}\n +\| +\^/);
});

test("an /etc source the flake interpolates (\"${./file}\") is read from its store copy and written with the generation", async () => {
  const dir = flake(
    `{
  inputs.system-manager.url = "github:numtide/system-manager";
  outputs = { self, system-manager }: {
    systemConfigs.default = system-manager.lib.makeSystemConfig {
      modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."motd".source = "\${./motd}"; } ];
    };
  };
}`,
    { motd: "hello from the flake\n" },
  );
  const root = mkdtempSync(join(tmpdir(), "sm-"));
  const x = io();
  assert.equal(await main(["build", "--flake", dir, "--root", root], x), 0, x.err);
  const generation = x.out.trim();
  assert.equal(readFileSync(join(generation, "etc/motd"), "utf8"), "hello from the flake\n");
});

test("a --flake that is no directory, whose flake.nix is a directory, or whose flake.lock cannot be read, is refused in Nix's words by every command that reads it, and nothing is written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-flake-paths-"));
  writeFileSync(join(dir, "file"), "");
  symlinkSync(join(dir, "b"), join(dir, "a"));
  symlinkSync(join(dir, "a"), join(dir, "b"));
  const lockDir = flake(`{ outputs = { self }: { }; }`);
  mkdirSync(join(lockDir, "flake.lock"));
  const lockLoop = flake(`{ outputs = { self }: { }; }`);
  symlinkSync(join(lockLoop, "flake.lock"), join(lockLoop, "flake.lock"));
  const nixDir = mkdtempSync(join(tmpdir(), "sm-flake-"));
  mkdirSync(join(nixDir, "flake.nix"));
  const cases: [string, RegExp][] = [
    [join(dir, "missing"), /^error: path '.*\/missing' does not exist$/m],
    [nixDir, /^error: opening file '.*\/flake\.nix\/default\.nix': No such file or directory$/m],
    [join(dir, "file"), /^error: path '.*\/file' is not a directory: a flake is a directory holding flake\.nix$/m],
    [join(dir, "a"), /^error: getting status of '.*\/a': Too many levels of symbolic links$/m],
    [lockDir, /^error: reading file '.*\/flake\.lock': Is a directory$/m],
    [lockLoop, /^error: reading file '.*\/flake\.lock': Too many levels of symbolic links$/m],
  ];
  const root = mkdtempSync(join(tmpdir(), "sm-root-"));
  for (const [ref, message] of cases) {
    for (const args of [["build", "--root", root, "--flake", ref], ["flake", "metadata", "--flake", ref], ["eval", "--flake", `${ref}#x`]]) {
      const x = io();
      assert.equal(await main(args, x), 1, `${args.join(" ")}: ${x.err}`);
      assert.match(x.err, message, args.join(" "));
    }
  }
  assert.deepEqual(readdirSync(root), []);
  assert.deepEqual(readdirSync(lockDir).sort(), ["flake.lock", "flake.nix"]);
});
