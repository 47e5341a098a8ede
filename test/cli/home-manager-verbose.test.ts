/**
 * `home-manager -v` (before or after the command, as upstream's script
 * takes it): the build's steps as `system-manager -v` shows them (the
 * evaluation cache's answer, the configuration's loading, each phase, the
 * store paths written) and a verbose activation — home-manager's
 * activation variables, each link made and removed as `ln -v` and `rm -v`
 * tell them, and VERBOSE for the scripts. Without
 * -v none of it. Listed in the help and offered by completion. Through
 * the installed launcher (run `node scripts/build.mjs` first), -v before
 * `option` still reaches the command, and a build in the worker tells its
 * steps.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/home-manager-main.ts";
import { NO_GITHUB } from "../helpers/no-network.ts";
import { complete } from "../../src/cli/completion/complete.ts";
import { completionSources } from "../../src/cli/completion/completion-sources.ts";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const LAUNCHER = resolve(import.meta.dirname, "../../bin/home-manager.js");

function setup(t: TestContext) {
  const home = mkdtempSync(join(tmpdir(), "sm-hm-verbose-"));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, ".config/home-manager"), { recursive: true });
  const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s), env: { HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB } as Record<string, string>, cwd: home };
  const config = (files: Record<string, string>) =>
    writeFileSync(
      join(home, ".config/home-manager/home.config.ts"),
      `import { defineHomeConfig } from "system-manager";\nexport default defineHomeConfig({ modules: [{ home: { stateVersion: "25.05", activation: { tell: { data: "if [[ -v VERBOSE ]]; then echo yes; else echo no; fi > \\"$HOME/verbose-seen\\"", after: ["linkGeneration"], before: [] } }, file: ${JSON.stringify(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { text: v }])))} } }] });\n`,
    );
  const run = async (argv: string[]) => {
    io.out = "";
    io.err = "";
    assert.equal(await main(argv, io), 0, io.err);
    return io.out + io.err;
  };
  return { home, config, run };
}

test("a quiet switch tells none of it; -v after the command shows the build's steps and a verbose activation", async (t) => {
  const { home, config, run } = setup(t);
  config({ "a.txt": "one\n", "gone.txt": "x\n" });
  const quiet = await run(["switch"]);
  assert.doesNotMatch(quiet, /debug:|This is a live run|^removed | -> '/m);
  assert.equal(readFileSync(join(home, "verbose-seen"), "utf8"), "no\n");
  config({ "a.txt": "two\n" });
  const verbose = await run(["switch", "-v"]);
  for (const line of [
    /^debug: eval cache: miss \([0-9a-z]+\): /m,
    /^debug: build: loaded the configuration \(.*home\.config\.ts\) in \d+ ms$/m,
    /^debug: build: evaluated the home and realised its packages in \d+ ms$/m,
    /^debug: build: wrote the store paths in \d+ ms$/m,
    /^debug: build: \d+ store path\(s\) in the generation's batch, \d+ written now$/m,
    /^debug: build: evaluated and built in \d+ ms: .*-home-manager-generation$/m,
    /^This is a live run$/m,
    /^Activation variables:$/m,
    /^ {2}oldGenPath=.*-home-manager-generation$/m,
    /^ {2}genProfilePath=.*\/\.local\/state\/nix\/profiles\/home-manager$/m,
    new RegExp(`^removed '${home}/gone\\.txt'$`, "m"),
    new RegExp(`^'${home}/a\\.txt' -> '.*/[0-9a-z]{32}-hm_a\\.txt'$`, "m"),
  ]) assert.match(verbose, line);
  assert.equal(readFileSync(join(home, "verbose-seen"), "utf8"), "yes\n", "the activation's scripts see VERBOSE");
});

test("-v before the command, and --verbose, are the same; a rebuilt generation answered by the cache says so", async (t) => {
  const { home, config, run } = setup(t);
  config({ "a.txt": "one\n" });
  const first = await run(["-v", "switch"]);
  assert.match(first, /^ {2}oldGenPath undefined \(first run\?\)$/m);
  assert.equal(readFileSync(join(home, "verbose-seen"), "utf8"), "yes\n");
  const again = await run(["switch", "--verbose"]);
  assert.match(again, /^debug: eval cache: hit \([0-9a-z]+\): .*-home-manager-generation, nothing evaluated$/m);
  assert.doesNotMatch(again, /^debug: build: loaded/m);
});

test("help lists -v, --verbose; completion offers it before and after the command", async () => {
  let out = "";
  await main(["--help"], { stdout: (s: string) => void (out += s), stderr: () => undefined, env: {}, cwd: "/" } as never);
  assert.match(out, /\n {2}-v, --verbose {5,}Verbose output/);
  const sources = await completionSources("home-manager", { stdout: () => undefined, stderr: () => undefined, env: { HOME: "/nonexistent" }, cwd: "/" } as never);
  assert.ok((await complete(["-"], sources)).candidates.includes("--verbose"));
  assert.ok((await complete(["switch", "--"], sources)).candidates.includes("--verbose"));
});

test("through the launcher: -v before option runs option; -v switch's build, evaluated in the worker, tells its steps", async (t) => {
  const { home, config } = setup(t);
  config({ "a.txt": "one\n" });
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, USER: "bob", SYSTEM_MANAGER_PACKAGES: "off", ...NO_GITHUB };
  const hm = (...argv: string[]) => spawnSync(process.execPath, [LAUNCHER, ...argv], { encoding: "utf8", cwd: home, env });
  const option = hm("-v", "option", "home.stateVersion");
  assert.equal(option.status, 0, option.stderr);
  assert.match(option.stdout, /^Value:\n {2}"25\.05"$/m);
  const sw = hm("-v", "switch");
  assert.equal(sw.status, 0, sw.stderr);
  assert.match(sw.stderr, /^debug: build: evaluated the home and realised its packages in \d+ ms$/m);
  assert.match(sw.stderr, /^This is a live run$/m);
});
