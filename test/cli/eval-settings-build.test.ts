/**
 * Nix's evaluation settings on build, switch and standalone home-manager,
 * end to end through the installed launchers (dist/): under abort-on-warn
 * (--abort-on-warn, --option abort-on-warn true, NIX_ABORT_ON_WARN=1) a
 * configuration's `warnings` entry or a lib.warn fails with Nix's error
 * and exit 1, with the evaluation cache answering (its warnings replayed)
 * or not, and no generation is written or activated; --max-call-depth
 * (or --option max-call-depth) lets a build nest deeper than Nix's
 * default, its worker's stack sized to match; --show-trace is taken.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { homeFlake, systemFlake } from "../helpers/scratch-flake.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";

const SYSTEM_MANAGER = resolve(import.meta.dirname, "../../bin/system-manager.js");
const HOME_MANAGER = resolve(import.meta.dirname, "../../bin/home-manager.js");
const ABORTED = /evaluation warning: (x|careful)\nerror: aborting to reveal stack trace of warning, as abort-on-warn is set\n/;

const scratch: string[] = [];
after(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A system flake with `module` (Nix text), and a runner of system-manager commands on it. */
function system(module: string) {
  const { dir, flake, root, env: base } = systemFlake("sm-eval-settings-", module);
  scratch.push(dir);
  const run = (command: string, args: string[] = [], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [SYSTEM_MANAGER, command, "--flake", flake, "--root", root, ...args], { encoding: "utf8", env: { ...base, ...env } });
  /** The generations in the store (made by a build) and the generations activated. */
  const generations = () => {
    const store = join(root, "var/lib/system-manager/store");
    const built = existsSync(store) ? readdirSync(store).filter((n) => n.endsWith("-system-manager")) : [];
    const listed = spawnSync(process.execPath, [SYSTEM_MANAGER, "generations", "--root", root], { encoding: "utf8" }).stdout;
    return { built, listed };
  };
  return { run, generations };
}

test("system build and switch: a `warnings` entry under abort-on-warn fails with Nix's error, through the evaluation cache or not, and writes no generation", () => {
  const { run, generations } = system(`{ nixpkgs.hostPlatform = "x86_64-linux"; warnings = [ "x" ]; environment.etc.a.text = "a"; }`);
  const fresh = run("build", ["--abort-on-warn"]);
  assert.equal(fresh.status, 1, fresh.stderr);
  assert.match(fresh.stderr, ABORTED);
  assert.equal(fresh.stdout, "");
  assert.deepEqual(generations(), { built: [], listed: "" });

  const built = run("build", ["--show-trace"]);
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stderr, /evaluation warning: x\n/);
  assert.equal(generations().built.length, 1);

  // The cache answers these (the generation is built): its replayed warning aborts as the evaluation would have.
  for (const [args, env] of [[["--option", "abort-on-warn", "true"], {}], [[], { NIX_ABORT_ON_WARN: "1" }]] as const) {
    for (const command of ["build", "switch"]) {
      const r = run(command, [...args], env);
      assert.equal(r.status, 1, `${command} ${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, ABORTED);
      assert.equal(r.stdout, "");
    }
  }
  const uncached = run("switch", ["--abort-on-warn", "--no-eval-cache"]);
  assert.equal(uncached.status, 1, uncached.stderr);
  assert.match(uncached.stderr, ABORTED);
  assert.equal(generations().listed, "", "no generation was activated");
  assert.equal(run("switch", ["--option", "abort-on-warn", "false"], { NIX_ABORT_ON_WARN: "1" }).status, 0);
  assert.notEqual(generations().listed, "");
});

test("system switch: lib.warn under abort-on-warn fails with Nix's error and activates nothing", () => {
  const { run, generations } = system(`({ lib, ... }: { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.a.text = lib.warn "careful" "a"; })`);
  const r = run("switch", ["--abort-on-warn"]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, ABORTED);
  assert.deepEqual(generations(), { built: [], listed: "" });
});

test("system build: --max-call-depth lets the evaluation nest deeper than Nix's default 10000, in a worker sized to it", () => {
  const deep = `(let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 15000)`;
  const { run, generations } = system(`{ nixpkgs.hostPlatform = "x86_64-linux"; environment.etc.depth.text = toString ${deep}; }`);
  const shallow = run("build");
  assert.equal(shallow.status, 1, shallow.stderr);
  assert.match(shallow.stderr, /^error: stack overflow; max-call-depth exceeded/m);
  for (const args of [["--max-call-depth", "15001"], ["--option", "max-call-depth", "20000", "--no-eval-cache"]]) {
    const r = run("build", args);
    assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
  }
  assert.equal(generations().built.length, 1);
  const refused = run("build", ["--max-call-depth", "deep"]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^error: setting 'max-call-depth' has invalid value 'deep'/);
});

test("home-manager build and switch: a home's `warnings` entry under abort-on-warn fails, through the cache or not, and activates nothing", () => {
  const { home, flake } = homeFlake("sm-hm-eval-settings-", `{ home.stateVersion = "25.05"; warnings = [ "x" ]; home.file."a".text = "a"; }`);
  scratch.push(home);
  const run = (command: string, args: string[] = []) =>
    spawnSync(process.execPath, [HOME_MANAGER, command, "--flake", flake, "--offline", ...args], {
      encoding: "utf8",
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB },
    });
  const profile = join(home, ".local/state/nix/profiles/home-manager");
  for (const args of [["--abort-on-warn"], ["--option", "abort-on-warn", "true", "--no-eval-cache"]]) {
    const r = run("switch", args);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, ABORTED);
  }
  assert.equal(run("build", ["--show-trace"]).status, 0);
  const cached = run("switch", ["--abort-on-warn"]);
  assert.equal(cached.status, 1, cached.stderr);
  assert.match(cached.stderr, ABORTED);
  assert.equal(existsSync(profile), false, "no generation was activated");
  assert.equal(existsSync(join(home, "a")), false);
});
