/**
 * A generation is activated by the engine it carries: switch and rollback
 * run `<engine>/bin/system-manager-engine`, never the CLI's own code, and
 * a home's activation as its user runs from the store too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, lstatSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { homeManagerModule } from "../../src/modules/system/home-manager.ts";
import { runActivation } from "../../src/cli/run-activation.ts";
import { main } from "../../src/cli/main.ts";
import type { Manifest } from "../../src/build/manifest.ts";
import { collectGarbage } from "../../src/packages/gc.ts";
import { ENGINE_SCRIPT, testEngine } from "../helpers/engine.ts";
import { module, seedSystem } from "../helpers/system.ts";

const REPO = resolve(import.meta.dirname, "..", "..");
const EXAMPLE = join(REPO, "examples/home-manager/system.config.ts");
const CLI = join(REPO, "bin/system-manager.js");

const io = () => {
  const r = { out: "", err: "", stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { PATH: process.env.PATH }, cwd: "/" };
  return r;
};

const config = (text: string) => ({
  ...seedSystem,
  "home-manager": { users: { alice: { home: { stateVersion: "24.05", file: { "hello.txt": { text } } } } } },
});

/** A fresh root; `build` builds alice's hello.txt with an engine running `script`; `hello` reads it; `engine(said)` is the real engine that also says `said`. */
function engineRoot(prefix: string) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const build = async (text: string, script: string) =>
    (await buildGeneration([module(homeManagerModule), module(config(text))], { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: { ...testEngine(), script } })).storePath;
  const hello = () => readFileSync(join(root, readlinkSync(join(root, "home/alice/hello.txt"))), "utf8");
  const engine = (said: string) => {
    const script = join(mkdtempSync(join(tmpdir(), `${prefix}script-`)), "engine.cjs");
    writeFileSync(script, readFileSync(ENGINE_SCRIPT, "utf8") + `\nprocess.stderr.write(${JSON.stringify(`${said}\n`)});\n`);
    return script;
  };
  return { root, build, hello, engine };
}

test("switch and rollback run each generation's own engine; its home activation runs from the store", async () => {
  const { root, build, hello, engine } = engineRoot("sm-engine-");
  const engineB = engine("engine B ran");

  const first = await build("one\n", ENGINE_SCRIPT);
  const a = io();
  assert.equal(await runActivation({ root, target: { storePath: first }, dryRun: false, sudo: false }, a), 0, a.err);
  assert.doesNotMatch(a.err, /engine B ran/);
  assert.match(a.err, /alice: Starting Home Manager activation/);
  assert.equal(hello(), "one\n");

  const second = await build("two\n", engineB);
  const b = io();
  assert.equal(await runActivation({ root, target: { storePath: second }, dryRun: false, sudo: false }, b), 0, b.err);
  assert.match(b.err, /engine B ran/, "the second generation's engine activated it");
  assert.equal(hello(), "two\n");

  const c = io();
  assert.equal(await main(["rollback", "--root", root], c), 0, c.err);
  assert.doesNotMatch(c.err, /engine B ran/, "rollback ran the first generation's engine");
  assert.equal(hello(), "one\n");
  const manifest = JSON.parse(readFileSync(join(root, first, "manifest.json"), "utf8")) as Manifest;
  assert.match(manifest.engine ?? "", /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-system-manager-engine-test$/);
  // Both generations keep their engines and the runtime alive.
  const { live, dead } = collectGarbage(root, { dryRun: true });
  assert.deepEqual(dead.filter((n) => /-system-manager(-engine-test)?$|-nodejs-/.test(n)), []);
  assert.equal(live.filter((n) => /-system-manager-engine-test$|-nodejs-/.test(n)).length, 3);
});

test("a rollback to a generation whose engine predates home.json version 2 is activated by the active generation's engine, its home too; with no such home active, by its own", async () => {
  const { root, build, hello, engine } = engineRoot("sm-engine-old-");
  const oldScript = engine("the old engine ran");
  // An engine built before lib/home-manifests: it says nothing of home.json version 2.
  const first = await build("one\n", oldScript);
  const oldEngine = (JSON.parse(readFileSync(join(root, first, "manifest.json"), "utf8")) as Manifest).engine as string;
  chmodSync(join(root, oldEngine, "lib"), 0o755);
  rmSync(join(root, oldEngine, "lib/home-manifests"));

  const a = io();
  assert.equal(await runActivation({ root, target: { storePath: first }, dryRun: false, sudo: false }, a), 0, a.err);
  assert.match(a.err, /the old engine ran/, "no home of version 2 is active: its own engine");
  const second = await build("two\n", ENGINE_SCRIPT);
  const b = io();
  assert.equal(await runActivation({ root, target: { storePath: second }, dryRun: false, sudo: false }, b), 0, b.err);
  assert.equal(hello(), "two\n");

  const c = io();
  assert.equal(await main(["rollback", "--root", root], c), 0, c.err);
  assert.doesNotMatch(c.err, /the old engine ran/, "neither the activation nor alice's home ran the old engine");
  assert.match(c.err, /alice: Starting Home Manager activation/);
  assert.equal(hello(), "one\n");
});

test("the built generation's closure names neither the checkout nor the host's node; its unit runs the engine", () => {
  const root = mkdtempSync(join(tmpdir(), "sm-engine-real-"));
  const env = { PATH: process.env.PATH, HOME: "/root", XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), "sm-cache-")), SYSTEM_MANAGER_PACKAGES: "off" };
  const r = spawnSync(process.execPath, [CLI, "build", "--config", EXAMPLE, "--root", root], { encoding: "utf8", env });
  assert.equal(r.status, 0, r.stderr);
  const store = join(root, "var/lib/system-manager/store");
  for (const needle of [REPO, process.execPath, env.XDG_CACHE_HOME]) {
    const grep = spawnSync("grep", ["-rlF", needle, store], { encoding: "utf8" });
    assert.equal(grep.stdout, "", `${needle} is named in the store`);
  }
  const gen = (r.stdout.trim().split("\n").pop() as string).slice(root.length);
  const manifest = JSON.parse(readFileSync(join(root, gen, "manifest.json"), "utf8")) as Manifest;
  const unit = readFileSync(join(root, gen, "etc/systemd/system/home-manager-alice.service"), "utf8");
  assert.match(unit, new RegExp(`^ExecStart=${manifest.engine}/bin/system-manager-engine home-unit --user alice --home /home/alice --generation /var/lib/system-manager/store/\\S+ --engine ${manifest.engine}$`, "m"));
  const runtime = readdirSync(store).find((n) => n.endsWith(`-nodejs-${process.version.slice(1)}`));
  assert.ok(runtime !== undefined, "the Node runtime is in the store");
  const version = spawnSync(join(root, manifest.engine as string, "bin/system-manager-engine"), ["--version"], { encoding: "utf8", env: {} });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^system-manager-engine \d+\.\d+\.\d+\n$/);
});

test("without root, switch --root activates a tree of the caller's: homes are written as the caller", { skip: process.getuid?.() === 0 ? false : "needs root to run as another user" }, () => {
  const nobody = Number(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout.trim());
  const root = mkdtempSync(join(tmpdir(), "sm-nobody-root-"));
  const cache = mkdtempSync(join(tmpdir(), "sm-nobody-cache-"));
  chownSync(root, nobody, nobody);
  chownSync(cache, nobody, nobody);
  const env = { PATH: process.env.PATH, HOME: "/nonexistent", XDG_CACHE_HOME: cache, SYSTEM_MANAGER_PACKAGES: "off" };
  const r = spawnSync("runuser", ["-u", "nobody", "--", process.execPath, CLI, "switch", "--config", EXAMPLE, "--root", root], { encoding: "utf8", env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /note: not running as root, so owners are not set/);
  assert.match(r.stderr, /alice: Starting Home Manager activation/);
  const link = join(root, "home/alice/.config/example/hello.txt");
  assert.equal(lstatSync(link).uid, nobody);
  assert.equal(readFileSync(join(root, readlinkSync(link)), "utf8"), "Hello from home-manager!\n");
});
