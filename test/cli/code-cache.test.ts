/**
 * V8's code cache of dist/'s CommonJS bundles (bin/code-cache.js), through
 * the real launcher (a copy of bin/ beside a dist/ of this checkout's
 * files) in a scratch XDG_CACHE_HOME: the first run of a command writes
 * its cache, the next takes it (and so leaves the file as it is); a
 * rebuilt bundle (another content hash, whatever its size, mtime and
 * inode) gets its own and the old one's go; a damaged cache, one others
 * may write and one another user owns are not taken (the command still
 * runs, and the cache is written again, ours); a cache directory under
 * another user's directory is not made. A build's evaluating worker keeps
 * its own. Run `node scripts/build.mjs` first (as every CLI test).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const repo = join(import.meta.dirname, "../..");
const dist = join(repo, "dist");
const scratch = mkdtempSync(join(tmpdir(), "sm-code-cache-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;

/** The bundle `--version` runs from (the activation CLI's, without the evaluator). */
const VERSION_BUNDLE = "activation-cli.cjs";

/** A copy of bin/ beside a dist/ linking this checkout's files, with its own copy of the bundle `--version` runs from (which tests rewrite). */
function install(name: string): { cli: string; bundle: string; cacheHome: string } {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "bin"), { recursive: true });
  mkdirSync(join(dir, "dist"));
  for (const f of readdirSync(join(repo, "bin"))) copyFileSync(join(repo, "bin", f), join(dir, "bin", f));
  for (const f of readdirSync(dist)) if (f !== VERSION_BUNDLE && !f.startsWith(".")) symlinkSync(join(dist, f), join(dir, "dist", f));
  copyFileSync(join(dist, VERSION_BUNDLE), join(dir, "dist", VERSION_BUNDLE));
  return { cli: join(dir, "bin/system-manager.js"), bundle: join(dir, "dist", VERSION_BUNDLE), cacheHome: join(dir, "cache") };
}

const v8Dir = (cacheHome: string) => join(cacheHome, "system-manager", "v8");

/** Runs `system-manager --version`; its output must be the CLI's. */
function version(cli: string, cacheHome: string, home = join(scratch, "no-home")): void {
  const r = spawnSync(process.execPath, [cli, "--version"], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: cacheHome } });
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^system-manager \d/);
  assert.equal(r.status, 0);
}

/** The cache files of `cacheHome` with what tells a rewrite (inode, mtime), owner and mode. */
function caches(cacheHome: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(v8Dir(cacheHome))) {
    const st = statSync(join(v8Dir(cacheHome), f));
    out[f] = `${st.ino}:${st.mtimeMs}:${st.uid}:${(st.mode & 0o777).toString(8)}`;
  }
  return out;
}

/** The only cache file of `cacheHome`. */
function only(cacheHome: string): string {
  const names = readdirSync(v8Dir(cacheHome));
  assert.equal(names.length, 1, names.join(", "));
  return join(v8Dir(cacheHome), names[0] as string);
}

test("the first run writes the command's cache and the next takes it: the file is left as it is", () => {
  const { cli, cacheHome } = install("runs");
  version(cli, cacheHome);
  const first = caches(cacheHome);
  assert.equal(Object.keys(first).length, 1);
  assert.equal(Object.values(first)[0]?.endsWith(":600"), true, "only this user may read or write it");
  version(cli, cacheHome);
  assert.deepEqual(caches(cacheHome), first);
});

test("a rebuilt bundle gets its own cache even with the old one's size, mtime and inode, and the old cache goes", () => {
  const { cli, bundle, cacheHome } = install("rebuilt");
  version(cli, cacheHome);
  const old = caches(cacheHome);
  // Another build of the same length, written in place with the old mtime: only its content hash tells it apart.
  const st = statSync(bundle);
  const text = readFileSync(bundle, "latin1");
  const rebuilt = text.replace(/^(\/\/ system-manager bundle sha256:)([0-9a-f])/, (_, head: string, c: string) => head + (c === "0" ? "1" : "0"));
  assert.notEqual(rebuilt, text);
  writeFileSync(bundle, rebuilt, "latin1");
  utimesSync(bundle, st.atime, st.mtime);
  assert.equal(statSync(bundle).ino, st.ino);
  version(cli, cacheHome);
  const now = caches(cacheHome);
  assert.equal(Object.keys(now).length, 1);
  assert.notDeepEqual(Object.keys(now), Object.keys(old));
  version(cli, cacheHome);
  assert.deepEqual(caches(cacheHome), now, "the new cache is taken");
});

test("a damaged cache is not taken: the command runs, and the cache is written again and then taken", () => {
  const { cli, cacheHome } = install("damaged");
  version(cli, cacheHome);
  const file = only(cacheHome);
  writeFileSync(file, readFileSync(file).subarray(0, 64), { mode: 0o600 });
  version(cli, cacheHome);
  assert.ok(statSync(file).size > 64 * 16, "rewritten whole");
  writeFileSync(file, "not V8's code cache", { mode: 0o600 });
  version(cli, cacheHome);
  const rewritten = caches(cacheHome);
  version(cli, cacheHome);
  assert.deepEqual(caches(cacheHome), rewritten);
});

test("a cache others may write, or in a directory others may write, is not taken", () => {
  const { cli, cacheHome } = install("writable");
  version(cli, cacheHome);
  const file = only(cacheHome);
  chmodSync(file, 0o666);
  version(cli, cacheHome);
  assert.equal(statSync(only(cacheHome)).mode & 0o777, 0o600, "written again, as this user's own");
  const ours = caches(cacheHome);
  chmodSync(v8Dir(cacheHome), 0o777);
  version(cli, cacheHome);
  assert.deepEqual(caches(cacheHome), ours, "neither taken nor written there");
});

test("a cache another user owns is not taken; nor is a cache directory made under another user's directory", { skip: isRoot ? false : "needs root to give files to another user" }, () => {
  const { cli, cacheHome } = install("others");
  version(cli, cacheHome);
  const file = only(cacheHome);
  chownSync(file, 65534, 65534);
  version(cli, cacheHome);
  assert.equal(statSync(only(cacheHome)).uid, 0, "replaced by this user's own");
  // As root with a user's HOME: nothing is made in their home that they could not write.
  const home = join(scratch, "users-home");
  mkdirSync(home);
  chownSync(home, 65534, 65534);
  version(cli, "", home);
  assert.deepEqual(readdirSync(home), []);
});

test("a build's evaluating worker keeps its own cache beside the command's", () => {
  const { cli, cacheHome } = install("worker");
  const flake = join(scratch, "worker-flake");
  mkdirSync(flake);
  mkdirSync(join(scratch, "worker-root"));
  writeFileSync(join(flake, "flake.nix"), `{\n  inputs.system-manager.url = "github:numtide/system-manager";\n  outputs = { self, system-manager, ... }: {\n    systemConfigs.default = system-manager.lib.makeSystemConfig { modules = [ { nixpkgs.hostPlatform = "x86_64-linux"; environment.etc."motd".text = "hi"; } ]; };\n  };\n}\n`);
  const build = () => spawnSync(process.execPath, [cli, "build", "--flake", flake, "--root", join(scratch, "worker-root"), "--no-eval-cache"], { encoding: "utf8", env: { PATH: process.env.PATH, HOME: scratch, XDG_CACHE_HOME: cacheHome, SYSTEM_MANAGER_PACKAGES: "off" } });
  const r = build();
  assert.equal(r.status, 0, r.stderr);
  const names = Object.keys(caches(cacheHome)).map((n) => n.replace(/^.*-/, ""));
  assert.deepEqual(names.sort(), ["build.v8", "worker.v8"]);
  const first = caches(cacheHome);
  assert.equal(build().status, 0);
  assert.deepEqual(caches(cacheHome), first, "both taken");
});

test("the CLI bundle's one import() of a module at run time is the TypeScript configuration's, which a job without --flake loads without a code cache", () => {
  // Node 20 loses a cached script's import() callback (bin/code-cache.js): another import() here would fail on a second run.
  const lines = readFileSync(join(dist, "cli.cjs"), "latin1").split("\n");
  const imports = lines.filter((l) => /(^|[^\w.$])import\(/.test(l) && !/^\s*(\/\/|\*|\/\*)/.test(l));
  const others = imports.filter((l) => !l.includes("workerData") && !l.includes("(bundleFile)"));
  assert.deepEqual(others, [], "an import() other than the configuration's (and the worker's boot script, which is not in the cached script)");
  assert.equal(imports.filter((l) => l.includes("(bundleFile)")).length, 1);
});

test("the activation CLI's bundle imports no module at run time", () => {
  const lines = readFileSync(join(dist, "activation-cli.cjs"), "latin1").split("\n");
  const imports = lines.filter((l) => /(^|[^\w.$])import\(/.test(l) && !/^\s*(\/\/|\*|\/\*)/.test(l));
  assert.deepEqual(imports.filter((l) => !l.includes("workerData")), [], "an import() other than the worker's boot script (not in the cached script)");
});
