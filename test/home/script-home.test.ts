/**
 * Activation scripts (home.activation entries, onChange hooks) see a $HOME
 * they can use, and run in it: a script writing "$HOME/marker" and its
 * `pwd` lands in the home being activated, whether activation runs on the
 * home directly (as at /), in a --root tree as root (as on the tree's host:
 * the home at its own path and the tree's store at the store directory, in
 * a private mount namespace, whether the directories above the home are
 * private to root, mkdtemp's 0700, or open; the tree's accounts seen, as
 * a program looking its user up needs; this host's /home is never
 * written), on a host that cannot make that view (descriptors; the host's
 * path of the home, reachable in a private mount namespace when needed),
 * or in a --root tree of a caller without root (the host's path of the
 * home).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { homeOf } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { runActivation } from "../../src/cli/run-activation.ts";
import { activationWorld } from "../../src/cli/activation-world.ts";
import { activate } from "../../src/activate/activate.ts";
import { childProcessRunner } from "../../src/activate/home/run-home-activations.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { ownNode } from "../../src/build/store-runtime.ts";
import { buildGeneration } from "../../src/build/build-generation.ts";
import { readSourceFromDisk } from "../../src/build/read-source.ts";
import { homeManagerModule } from "../../src/modules/system/home-manager.ts";
import { testEngine } from "../helpers/engine.ts";
import { module, seedSystem } from "../helpers/system.ts";
import { isRoot } from "../helpers/tree.ts";

const REPO = resolve(import.meta.dirname, "..", "..");
const CLI = join(REPO, "bin/system-manager.js");
const SCRIPT = 'echo "$HOME" > "$HOME/marker"; pwd > pwd.txt';
const ROOT_ONLY = isRoot ? false : "needs root to run a home's activation as its user";

/** What the script left in `home`: the $HOME it saw and its working directory. */
function seen(home: string): { home: string; pwd: string } {
  return { home: readFileSync(join(home, "marker"), "utf8").trim(), pwd: readFileSync(join(home, "pwd.txt"), "utf8").trim() };
}

test("run on the home directly, scripts get the home as $HOME and working directory", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-script-home-"));
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const { content } = homeOf({ home: { stateVersion: "25.05", activation: { marker: { data: SCRIPT, after: ["writeBoundary"] } } } });
  for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
  const g = await writeStorePath(root, "home-manager-generation", content.tree);
  activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation: g, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: () => undefined });
  assert.deepEqual(seen(home), { home, pwd: home });
});

async function switchWithScript(root: string, script = SCRIPT): Promise<string> {
  const config = { ...seedSystem, "home-manager": { users: { alice: { home: { stateVersion: "24.05", activation: { marker: { data: script, after: ["writeBoundary"] } } } } } } };
  const built = await buildGeneration([module(homeManagerModule), module(config)], { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  const out = { out: "", err: "", stdout: (t: string) => void (out.out += t), stderr: (t: string) => void (out.err += t), env: { PATH: process.env.PATH }, cwd: "/" };
  assert.equal(await runActivation({ root, target: { storePath: built.storePath }, dryRun: false, sudo: false }, out), 0, out.err);
  assert.doesNotMatch(out.err, /note: activation scripts run with HOME=/);
  return out.err;
}

/** As SCRIPT, and what the script finds at the store directory. */
const STORE_SCRIPT = `${SCRIPT}; ls ${STORE_DIR} > "$HOME/store.txt"; id -un > "$HOME/user.txt" 2>/dev/null || true`;

/** A --root switch as root whose script ran as on the tree's host: its home at /home/alice (the tree's), the tree's store at the store directory. */
async function asOnTheHost(root: string): Promise<void> {
  const hostHome = existsSync("/home/alice");
  const hostAlice = readFileSync("/etc/passwd", "utf8").includes("\nalice:x:5000:");
  await switchWithScript(root, STORE_SCRIPT);
  const home = join(root, "home/alice");
  assert.deepEqual(seen(home), { home: "/home/alice", pwd: "/home/alice" });
  assert.equal(statSync(join(home, "marker")).uid, 5000, "the script ran as alice");
  assert.deepEqual(readFileSync(join(home, "store.txt"), "utf8").trim().split("\n"), readdirSync(join(root, STORE_DIR)).sort());
  // The tree's accounts are the ones seen (dbus-daemon looks its user up), not this host's, which need not have alice.
  assert.equal(readFileSync(join(home, "user.txt"), "utf8"), "alice\n");
  assert.equal(readFileSync("/etc/passwd", "utf8").includes("\nalice:x:5000:"), hostAlice, "this host's /etc/passwd is not changed");
  assert.equal(existsSync("/home/alice"), hostHome, "this host's /home is not written");
  assert.equal(spawnSync("findmnt", ["-n", "/home/alice"], { encoding: "utf8" }).stdout, "", "the namespace's mounts are not the host's");
}

test("under --root as root, with the directories above the home private to root, scripts run as on the tree's host", { skip: ROOT_ONLY }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sm-script-home-private-")));
  assert.equal(statSync(root).mode & 0o077, 0, "mkdtemp's directory is private to root");
  await asOnTheHost(root);
});

test("under --root as root, with the directories above the home open, scripts run as on the tree's host", { skip: ROOT_ONLY }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sm-script-home-open-")));
  chmodSync(root, 0o755);
  await asOnTheHost(root);
});

/**
 * A --root switch as root on a host that cannot make the tree's view (the
 * view's child refuses, as unshare does without CAP_SYS_ADMIN, before it
 * says the view is made): the child gets the home and the store as descriptors,
 * and its scripts the host's path of the home, reachable in a private
 * mount namespace when a directory above it is private to root.
 */
async function withoutTheView(root: string): Promise<void> {
  const config = { ...seedSystem, "home-manager": { users: { alice: { home: { stateVersion: "24.05", file: { "a.txt": { text: "a\n" } }, activation: { marker: { data: STORE_SCRIPT, after: ["writeBoundary"] } } } } } } };
  const built = await buildGeneration([module(homeManagerModule), module(config)], { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: testEngine() });
  const lines: string[] = [];
  const tried: string[] = [];
  const refusal = "unshare: unshare failed: Operation not permitted";
  const w = activationWorld(root, (l) => lines.push(l), true);
  const homes = childProcessRunner(new RootFs(root), { asUser: true, legacy: { node: ownNode(), script: CLI }, viewOf: (_store, _hostHome, home) => (tried.push(home), { command: "/bin/sh", args: ["-c", `echo '${refusal}' >&2; exit 1`] }) });
  await activate({ ...w, homes }, { storePath: built.storePath }, false);
  assert.deepEqual(tried, ["/home/alice"], "the view tried once");
  assert.ok(!lines.some((l) => l.includes(refusal)), "what the view's child said when it could not make it is not the activation's output");
  const home = join(root, "home/alice");
  assert.deepEqual(seen(home), { home, pwd: home });
  assert.equal(statSync(join(home, "marker")).uid, 5000, "the script ran as alice");
  assert.equal(readFileSync(join(root, readlinkSync(join(home, "a.txt"))), "utf8"), "a\n");
  assert.ok(lines.includes("alice: Activating linkGeneration"), lines.join("\n"));
  assert.deepEqual(readFileSync(join(home, "store.txt"), "utf8").trim().split("\n"), readdirSync(join(root, STORE_DIR)).sort(), "the script saw the tree's store at the store directory");
  assert.ok(!lines.some((l) => l.includes("note:")), lines.join("\n"));
}

test("under --root as root on a host that cannot make the tree's view, with the directories above the home private to root: descriptors, and the home reachable at the host's path", { skip: ROOT_ONLY }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sm-script-home-noview-private-")));
  await withoutTheView(root);
});

test("under --root as root on a host that cannot make the tree's view, with the directories above the home open: descriptors, and the host's path of the home", { skip: ROOT_ONLY }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sm-script-home-noview-open-")));
  chmodSync(root, 0o755);
  await withoutTheView(root);
});

test("under --root without root (a tree of the caller's), scripts get the host's path of the home", { skip: isRoot ? false : "needs root to run as another user" }, () => {
  const nobody = Number(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout.trim());
  const root = realpathSync(mkdtempSync(join(tmpdir(), "sm-script-home-nobody-")));
  const cache = mkdtempSync(join(tmpdir(), "sm-script-home-cache-"));
  const cfgDir = mkdtempSync(join(tmpdir(), "sm-script-home-cfg-"));
  const config = join(cfgDir, "system.config.ts");
  writeFileSync(config, [
    'import { defineConfig, homeManager } from "system-manager";',
    "export default defineConfig({ modules: [homeManager, () => ({",
    `  ...${JSON.stringify(seedSystem)},`,
    `  "home-manager": { users: { alice: { home: { stateVersion: "24.05", activation: { marker: { data: ${JSON.stringify(SCRIPT)}, after: ["writeBoundary"] } } } } } },`,
    "})] });",
  ].join("\n"));
  for (const d of [root, cache, cfgDir]) chownSync(d, nobody, nobody);
  chownSync(config, nobody, nobody);
  const env = { PATH: process.env.PATH, HOME: "/nonexistent", XDG_CACHE_HOME: cache, SYSTEM_MANAGER_PACKAGES: "off" };
  const r = spawnSync("runuser", ["-u", "nobody", "--", process.execPath, CLI, "switch", "--config", config, "--root", root], { encoding: "utf8", env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stderr, /note: activation scripts run with HOME=/);
  const home = join(root, "home/alice");
  assert.deepEqual(seen(home), { home, pwd: home });
  assert.equal(statSync(join(home, "marker")).uid, nobody);
});
