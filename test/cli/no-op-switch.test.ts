/**
 * A no-op switch through the installed launcher (the evaluation cache
 * answers, the generation is this CLI's own and activated in this
 * process) loads only what it runs: the activation CLI's bundle, not the
 * whole CLI's (which holds the evaluator), none of Node's modules for
 * starting other processes (child_process), and no ES module loaded
 * through Node's ES module loader (the CLI is one CommonJS bundle). A temporary a killed
 * writer left in the store after the last build is removed by the next
 * switch, though the cache answers it. The switch that built notes its
 * closure as found whole (closure-seen.ts), so that the no-op after it
 * need not look it up. Run `node scripts/build.mjs` first
 * (as every CLI test).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";

const CLI = resolve(import.meta.dirname, "../../bin/system-manager.js");
const scratch = mkdtempSync(join(tmpdir(), "sm-no-op-switch-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Preloaded into the switch: writes the internal modules Node loaded, and whether the ES module loader loaded any module.
const RECORDER = `process.on("exit", () => require("node:fs").writeFileSync(process.env.SM_TEST_LOADED, process.moduleLoadList.join("\\n")));\n`;

function setup(name: string) {
  const dir = join(scratch, name);
  const flake = join(dir, "flake");
  const root = join(dir, "root");
  mkdirSync(flake, { recursive: true });
  mkdirSync(root);
  writeFileSync(join(flake, "flake.nix"), `{\n  inputs.system-manager.url = "github:numtide/system-manager";\n  outputs = { self, system-manager, ... }: {\n    systemConfigs.default = system-manager.lib.makeSystemConfig { modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."motd".text = "hi"; } ]; };\n  };\n}\n`);
  const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, "cache"), SYSTEM_MANAGER_PACKAGES: "off" };
  const switchNow = (extraEnv: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, "switch", "--flake", flake, "--root", root], { encoding: "utf8", env: { ...env, ...extraEnv } });
    assert.equal(r.status, 0, r.stderr);
    return r;
  };
  return { dir, root, switchNow };
}

test("a no-op switch loads neither the whole CLI, child_process nor any ES module", () => {
  const { dir, switchNow } = setup("loads");
  switchNow();
  switchNow();
  const recorder = join(dir, "recorder.cjs");
  writeFileSync(recorder, RECORDER);
  const loaded = join(dir, "loaded.txt");
  const r = switchNow({ NODE_OPTIONS: `--require ${recorder}`, SM_TEST_LOADED: loaded });
  assert.match(r.stderr, /No changes\./);
  const modules = readFileSync(loaded, "utf8").split("\n");
  assert.ok(modules.includes("NativeModule fs"), "the recorder saw the run");
  assert.deepEqual(modules.filter((m) => /^NativeModule (child_process|internal\/child_process|internal\/modules\/esm\/(loader|translators|module_job))$/.test(m)), []);
  // Each bundle the launcher loads for a command leaves that command's code cache: the evaluating worker's is the whole CLI's only one.
  const caches = readdirSync(join(dir, "cache/system-manager/v8"));
  assert.ok(caches.some((f) => /^activation-cli\.cjs-.*-switch\.v8$/.test(f)), caches.join(", "));
  assert.deepEqual(caches.filter((f) => f.startsWith("cli.cjs-") && !f.endsWith("-worker.v8")), [], "the whole CLI was loaded");
});

test("a temporary a killed writer left after the last build is removed by the next switch, which the cache answers", () => {
  const { root, switchNow } = setup("temporaries");
  switchNow();
  switchNow();
  const store = join(root, "var/lib/system-manager/store");
  // A temporary whose writer is gone (no process has this pid: it is above Linux's largest pid_max), as tmp-lock.ts names it.
  const dead = join(store, ".tmp-4194999.1-deadbeef");
  mkdirSync(dead);
  writeFileSync(join(dead, "half"), "x");
  const r = switchNow();
  assert.match(r.stderr, /No changes\./);
  assert.equal(existsSync(dead), false);
});

test("the switch that built notes its closure as found whole, so the no-op after it need not look it up", () => {
  const { dir, root, switchNow } = setup("noted");
  switchNow();
  const cache = join(root, "var/lib/system-manager/eval-cache");
  const entries = readdirSync(cache).filter((f) => /^[0-9a-f]{32}-[0-9a-f]{16}\.json$/.test(f));
  assert.equal(entries.length, 1, entries.join(", "));
  const note = join(cache, (entries[0] as string).replace(/\.json$/, ".store"));
  rmSync(note, { force: true });
  // Evaluated again (the flake's text changed) to the same generation, whose entry it writes again: nothing is written into the
  // store, which is settled (its last change a minute ago, dir-stamp.ts) when the switch notes.
  const flake = join(dir, "flake/flake.nix");
  writeFileSync(flake, `# changed\n${readFileSync(flake, "utf8")}`);
  const store = join(root, "var/lib/system-manager/store");
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(store, minuteAgo, minuteAgo);
  const settled = statSync(store, { bigint: true }).mtimeNs;
  const written = statSync(join(cache, entries[0] as string)).ino;
  switchNow();
  assert.notEqual(statSync(join(cache, entries[0] as string)).ino, written, "evaluated: its entry written anew");
  assert.equal(statSync(store, { bigint: true }).mtimeNs, settled, "nothing was written into the store");
  assert.ok(existsSync(note), "the switch noted the closure of what it built");
});
