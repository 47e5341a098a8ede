/**
 * The activation CLI's bundle (dist/activation-cli.cjs,
 * src/cli/activation-bundle.ts), from which the launchers run build, switch
 * and the generations' commands, system-manager's and home-manager's: it holds the activation and the
 * evaluation cache but none of the evaluator (the Nix language's
 * evaluation, the module system, the Nix lib, the option modules); it
 * leaves every other command, and a thread that evaluates itself, to the
 * whole CLI; a build it cannot answer from the cache evaluates in the
 * worker; a dist/ without it runs everything from the whole CLI. Run
 * `node scripts/build.mjs` first (as every CLI test).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { partialInstall } from "../helpers/partial-install.ts";

const repo = join(import.meta.dirname, "../..");
const dist = join(repo, "dist");
const scratch = mkdtempSync(join(tmpdir(), "sm-activation-bundle-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const FLAKE = `{\n  inputs.system-manager.url = "github:numtide/system-manager";\n  outputs = { self, system-manager, ... }: {\n    systemConfigs.default = system-manager.lib.makeSystemConfig { modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."motd".text = "hi"; } ]; };\n  };\n}\n`;

const HOME_FLAKE = `{\n  inputs.home-manager.url = "github:nix-community/home-manager";\n  inputs.nixpkgs.url = "github:nixos/nixpkgs";\n  outputs = { self, nixpkgs, home-manager, ... }: {\n    homeConfigurations.alice = home-manager.lib.homeManagerConfiguration { pkgs = nixpkgs.legacyPackages.x86_64-linux; modules = [ { home.stateVersion = "25.05"; home.file."hello.txt".text = builtins.trace "evaluating the home" "hi"; } ]; };\n  };\n}\n`;

const install = (name: string, files: readonly string[]) => partialInstall(scratch, name, files);

test("the activation bundle holds the activation and the evaluation cache, and none of the evaluator", () => {
  const text = readFileSync(join(dist, "activation-cli.cjs"), "latin1");
  const sources = new Set([...text.matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((m) => m[1] as string));
  assert.ok(sources.has("src/activate/activate.ts") && sources.has("src/build/eval-cache/cached-build.ts") && sources.has("src/cli/commands/switch.ts"), "what a no-op switch runs is in it");
  assert.ok(sources.has("src/cli/home-manager-commands.ts") && sources.has("src/activate/home/activate-home.ts"), "and what home-manager's no-op switch runs");
  const evaluator = [...sources].filter((s) => /^src\/(module-system|lib|modules|config|nix\/(eval|parser|builtins))\//.test(s) || /^src\/nix\/(evaluate|lexer)\.ts$/.test(s) || s === "src/cli/load-config.ts");
  assert.deepEqual(evaluator, []);
});

test("activationMain leaves other commands, and a thread that evaluates itself, to the whole CLI", async () => {
  const { activationMain } = createRequire(import.meta.url)(join(dist, "activation-cli.cjs")) as { activationMain: (argv: readonly string[], io: unknown) => Promise<number | undefined> };
  let out = "";
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), env: {}, cwd: scratch };
  assert.equal(await activationMain(["gc", "--help"], io), undefined);
  assert.equal(await activationMain(["eval", "--expr", "1"], io), undefined);
  assert.equal(await activationMain(["no-such-command"], io), undefined);
  assert.equal(out, "");
  assert.equal(await activationMain(["--version"], io), 0);
  assert.match(out, /^system-manager \d/);
  process.env.SYSTEM_MANAGER_LARGE_STACK = "1";
  try {
    assert.equal(await activationMain(["switch", "--help"], io), undefined);
  } finally {
    delete process.env.SYSTEM_MANAGER_LARGE_STACK;
  }
});

test("a build the cache cannot answer evaluates in the worker from the whole CLI; without the activation bundle, the whole CLI runs it all", () => {
  const flake = join(scratch, "flake");
  mkdirSync(flake);
  writeFileSync(join(flake, "flake.nix"), FLAKE);
  const everything = readdirSync(dist).filter((f) => !f.startsWith("."));
  for (const [name, files] of [["both", everything], ["whole-only", everything.filter((f) => f !== "activation-cli.cjs")]] as const) {
    const cli = install(name, files);
    const root = join(scratch, name, "root");
    mkdirSync(root);
    const env = { PATH: process.env.PATH, HOME: join(scratch, name), XDG_CACHE_HOME: join(scratch, name, "cache"), SYSTEM_MANAGER_PACKAGES: "off" };
    const switchNow = () => spawnSync(process.execPath, [cli, "switch", "--flake", flake, "--root", root], { encoding: "utf8", env });
    const first = switchNow();
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr + first.stdout, /created \/etc\/motd/);
    const again = switchNow();
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr + again.stdout, /No changes\./);
    const unknown = spawnSync(process.execPath, [cli, "no-such-command"], { encoding: "utf8", env });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /there is no such command/);
  }
});

for (const file of ["cli.cjs", "cli-worker.cjs", "eval-cli.cjs"]) {
  test(`the evaluation cache's code identity covers the whole CLI: a rebuilt dist/${file} beside an unchanged activation bundle evaluates again`, () => {
    const name = `rebuilt-${file}`;
    const flake = join(scratch, `traced-flake-${file}`);
    mkdirSync(flake);
    writeFileSync(join(flake, "flake.nix"), FLAKE.replace('environment.etc."motd".text = "hi";', 'environment.etc."motd".text = builtins.trace "evaluating the flake" "hi";'));
    const cli = install(name, readdirSync(dist).filter((f) => !f.startsWith(".") && f !== file));
    const copy = join(scratch, name, "dist", file);
    copyFileSync(join(dist, file), copy);
    const root = join(scratch, name, "root");
    mkdirSync(root);
    const env = { PATH: process.env.PATH, HOME: join(scratch, name), XDG_CACHE_HOME: join(scratch, name, "cache"), SYSTEM_MANAGER_PACKAGES: "off" };
    const evaluated = () => {
      const r = spawnSync(process.execPath, [cli, "build", "--flake", flake, "--root", root], { encoding: "utf8", env });
      assert.equal(r.status, 0, r.stderr);
      return r.stderr.includes("trace: evaluating the flake");
    };
    assert.ok(evaluated());
    assert.equal(evaluated(), false, "the cache answers");
    // Another build of that bundle, the activation bundle as it was.
    writeFileSync(copy, readFileSync(copy));
    assert.ok(evaluated(), `${file} changed`);
    assert.equal(evaluated(), false);
  });
}

test("home-manager: a no-op switch runs from the activation bundle; a build the cache cannot answer evaluates in the worker; without the bundle, the whole CLI runs it", () => {
  const flake = join(scratch, "home-flake");
  mkdirSync(flake);
  writeFileSync(join(flake, "flake.nix"), HOME_FLAKE);
  const everything = readdirSync(dist).filter((f) => !f.startsWith("."));
  for (const [name, files] of [["home-both", everything], ["home-whole-only", everything.filter((f) => f !== "activation-cli.cjs")]] as const) {
    const cli = join(install(name, files), "../home-manager.js");
    const home = join(scratch, name, "home");
    mkdirSync(home, { recursive: true });
    const env = { PATH: process.env.PATH, HOME: home, USER: "alice", XDG_CACHE_HOME: join(home, ".cache"), SYSTEM_MANAGER_PACKAGES: "off" };
    const switchNow = () => spawnSync(process.execPath, [cli, "switch", "--flake", `${flake}#alice`, "--offline"], { encoding: "utf8", env });
    const first = switchNow();
    assert.equal(first.status, 0, first.stderr);
    assert.ok(first.stderr.includes("trace: evaluating the home"), "the first switch evaluates");
    assert.equal(readFileSync(join(home, "hello.txt"), "utf8"), "hi");
    const again = switchNow();
    assert.equal(again.status, 0, again.stderr);
    assert.ok(!again.stderr.includes("trace: evaluating the home"), "the cache answers the second");
    const list = spawnSync(process.execPath, [cli, "generations"], { encoding: "utf8", env });
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /id 1 -> .*-home-manager-generation \(current\)/);
    // Which bundle the switches' thread loaded, by the code caches it kept for the command (bin/code-cache.js): the worker loads the whole CLI as "worker".
    const caches = readdirSync(join(home, ".cache/system-manager/v8"));
    const loaded = (bundle: string) => caches.some((c) => c.startsWith(`${bundle}-`) && c.endsWith("-home-manager-switch.v8"));
    assert.deepEqual([loaded("activation-cli.cjs"), loaded("cli.cjs")], name === "home-both" ? [true, false] : [false, true], caches.join("\n"));
  }
});
