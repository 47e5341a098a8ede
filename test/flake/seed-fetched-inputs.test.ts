/**
 * The seed's flake, unchanged, with its nixpkgs and home-manager fetched
 * and locked as Nix does: a loopback server answers as GitHub (commit
 * lookup and archive) with tarballs of the local copies of the real
 * home-manager and nixpkgs.lib (never committed; skipped visibly without
 * them). The lock names both with rev and narHash; the evaluation is the
 * real home-manager's; --offline then uses the cache. With GitHub out of
 * reach and nothing cached, the built-in stand-ins serve with a warning
 * each and the lock stays as it was; a narHash that does not match is an
 * error naming the input, and nothing is written.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { upstream } from "../helpers/upstream.ts";
import { NO_GITHUB, standInWarning } from "../helpers/no-network.ts";
import { loopback, tarball, tmp, type Loopback } from "./loopback.ts";

const hm = upstream("home-manager");
const lib = upstream("nixpkgs.lib");
const skip = "skip" in hm ? hm.skip : "skip" in lib ? lib.skip : undefined;
const dirOf = (t: typeof hm) => ("dir" in t ? t.dir : "");
const SEED = join(import.meta.dirname, "../../examples/home-manager/flake.nix");
const HM_REV = "1111111111111111111111111111111111111111";
const NP_REV = "2222222222222222222222222222222222222222";
const FILE = "systemConfigs.default.config.home-manager.users.alice.home.file";
const RELEASE = "systemConfigs.default.config.home-manager.users.alice.home.version.release";

/** A loopback GitHub serving home-manager at HEAD and nixpkgs at nixos-unstable. */
async function github(): Promise<Loopback> {
  const server = await loopback();
  server.refs.set("nix-community/home-manager/HEAD", HM_REV);
  server.refs.set("nixos/nixpkgs/nixos-unstable", NP_REV);
  server.archives.set(`nix-community/home-manager/${HM_REV}`, tarball(dirOf(hm), `home-manager-${HM_REV}`, 1760000000));
  server.archives.set(`nixos/nixpkgs/${NP_REV}`, tarball(dirOf(lib), `nixpkgs-${NP_REV}`, 1760000100));
  return server;
}

const at = (server: Loopback) => ({ SYSTEM_MANAGER_GITHUB_API: `${server.url}/api`, SYSTEM_MANAGER_GITHUB_URL: `${server.url}/gh` });

function seedCopy(): string {
  const dir = tmp("seed-fetched");
  cpSync(SEED, join(dir, "flake.nix"));
  return dir;
}

async function evalAttr(dir: string, root: string, attr: string, env: Record<string, string>, more: string[] = []) {
  const r = { out: "", err: "" };
  const io = { stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), env: { XDG_CACHE_HOME: join(root, ".cache"), SYSTEM_MANAGER_PACKAGES: "off", ...env }, cwd: dir };
  const code = await main(["eval", "--json", "--flake", `${dir}#${attr}`, "--root", root, ...more], io);
  return { code, ...r };
}

/** `flake lock` in `dir`: the inputs fetched and locked, nothing evaluated. */
async function lockSeed(dir: string, env: Record<string, string>): Promise<void> {
  let err = "";
  const code = await main(["flake", "lock", "--root", tmp("seed-lock-root")], { stdout: () => undefined, stderr: (t) => void (err += t), env: { SYSTEM_MANAGER_PACKAGES: "off", ...env }, cwd: dir });
  assert.equal(code, 0, err);
  assert.ok(existsSync(join(dir, "flake.lock")), err);
}

const helloOf = (out: string) => Object.values(JSON.parse(out) as Record<string, { target: string; text: string | null }>).find((f) => f.target === ".config/example/hello.txt")?.text;

const storeEntries = (root: string) => (existsSync(join(root, "var/lib/system-manager/store")) ? readdirSync(join(root, "var/lib/system-manager/store")) : []);

test("the seed's nixpkgs and home-manager are fetched and locked; the real home-manager evaluates; --offline uses the cache", { skip }, async (t) => {
  const server = await github();
  t.after(() => server.close());
  const dir = seedCopy();
  const root = tmp("seed-fetched-root");

  const release = await evalAttr(dir, root, RELEASE, at(server));
  assert.equal(release.code, 0, release.err);
  const expected = (JSON.parse(readFileSync(join(dirOf(hm), "release.json"), "utf8")) as { release: string }).release;
  assert.equal(JSON.parse(release.out), expected, "home.version.release: only the real home-manager has it (its release.json)");
  assert.match(release.err, /warning: creating lock file '.*flake\.lock':\n• Added input 'home-manager':\n    'github:nix-community\/home-manager\/1111111111111111111111111111111111111111' \(2025-10-09\)\n• Added input 'home-manager\/nixpkgs':\n    follows 'nixpkgs'\n• Added input 'nixpkgs':\n    'github:nixos\/nixpkgs\/2222222222222222222222222222222222222222' \(2025-10-09\)\n/);
  assert.doesNotMatch(release.err, /cannot fetch|stand in/);

  const lockText = readFileSync(join(dir, "flake.lock"), "utf8");
  const lock = JSON.parse(lockText);
  const NAR = /^sha256-[A-Za-z0-9+/]{43}=$/;
  assert.match(lock.nodes["home-manager"].locked.narHash, NAR);
  assert.match(lock.nodes.nixpkgs.locked.narHash, NAR);
  const lockedAs = (owner: string, repo: string, rev: string, lastModified: number, node: string) => ({ lastModified, narHash: lock.nodes[node].locked.narHash, owner, repo, rev, type: "github" });
  assert.deepEqual(lock, {
    nodes: {
      "home-manager": { inputs: { nixpkgs: ["nixpkgs"] }, locked: lockedAs("nix-community", "home-manager", HM_REV, 1760000000, "home-manager"), original: { owner: "nix-community", repo: "home-manager", type: "github" } },
      nixpkgs: { locked: lockedAs("nixos", "nixpkgs", NP_REV, 1760000100, "nixpkgs"), original: { owner: "nixos", ref: "nixos-unstable", repo: "nixpkgs", type: "github" } },
      root: { inputs: { "home-manager": "home-manager", nixpkgs: "nixpkgs" } },
    },
    root: "root",
    version: 7,
  }, "Nix's format; system-manager is this tool: built in, not locked");

  const files = await evalAttr(dir, root, FILE, at(server));
  assert.equal(files.code, 0, files.err);
  assert.equal(helloOf(files.out), "Hello from home-manager!\n");
  assert.equal(files.err.includes("lock file"), false, "the lock is complete");

  const asked = server.requests.length;
  const offline = await evalAttr(dir, root, RELEASE, NO_GITHUB, ["--offline"]);
  assert.equal(offline.code, 0, offline.err);
  assert.equal(JSON.parse(offline.out), expected, "offline, the cached trees of the lock");
  assert.doesNotMatch(offline.err, /warning/);
  assert.equal(server.requests.length, asked, "nothing was asked of GitHub");
  assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), lockText);
});

test("GitHub out of reach, nothing cached: one warning per input, the stand-ins serve, the lock is left as it was", { skip }, async (t) => {
  const server = await github();
  t.after(() => server.close());
  const locked = seedCopy();
  await lockSeed(locked, at(server));
  const lockText = readFileSync(join(locked, "flake.lock"), "utf8");

  for (const [what, dir] of [["with a lock", locked], ["without a lock", seedCopy()]] as const) {
    const root = tmp("seed-down-root");
    const r = await evalAttr(dir, root, FILE, NO_GITHUB);
    assert.equal(r.code, 0, r.err);
    assert.equal(helloOf(r.out), "Hello from home-manager!\n", `${what}: the built-in home-manager`);
    assert.match(r.err, standInWarning("home-manager"), what);
    assert.match(r.err, standInWarning("nixpkgs"), what);
    assert.equal(r.err.match(/warning: cannot fetch input 'home-manager'/g)?.length, 1, `${what}: one warning for home-manager`);
    assert.match(r.err, /the project's built-in home-manager modules stand in for it; to use the real home-manager, run online \(without --offline\), or give a copy with --override-input home-manager path:/);
    assert.doesNotMatch(r.err, /lock file/, `${what}: the lock is not written`);
    if (dir === locked) {
      assert.match(r.err, /cannot fetch input 'home-manager' \(github:nix-community\/home-manager\/1111111111111111111111111111111111111111\)/, "the locked revision was asked for");
      assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), lockText, "the lock is unchanged");
    } else assert.equal(existsSync(join(dir, "flake.lock")), false);
  }

  const offline = await evalAttr(locked, tmp("seed-offline-root"), FILE, at(server), ["--offline"]);
  assert.equal(offline.code, 0, offline.err);
  assert.match(offline.err, /warning: cannot fetch input 'home-manager' \([^)]*\): cannot download commit 1111111111111111111111111111111111111111 of nix-community\/home-manager while offline, and it is not in the cache\n/);
  assert.equal(readFileSync(join(locked, "flake.lock"), "utf8"), lockText);
});

test("a lock whose narHash does not match home-manager's tree is an error naming the input; nothing is written", { skip }, async (t) => {
  const server = await github();
  t.after(() => server.close());
  const dir = seedCopy();
  await lockSeed(dir, at(server));
  const lock = JSON.parse(readFileSync(join(dir, "flake.lock"), "utf8"));
  const good = lock.nodes["home-manager"].locked.narHash as string;
  const bad = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  lock.nodes["home-manager"].locked.narHash = bad;
  const badText = `${JSON.stringify(lock, null, 2)}\n`;
  writeFileSync(join(dir, "flake.lock"), badText);

  const root = tmp("seed-mismatch-root");
  const r = await evalAttr(dir, root, FILE, at(server));
  assert.equal(r.code, 1, r.err + r.out);
  assert.match(r.err, new RegExp(`^error: NAR hash mismatch in input 'home-manager' \\(github:nix-community/home-manager/${HM_REV}\\), expected '${bad.replace(/[+/]/g, "\\$&")}', got '${good.replace(/[+/]/g, "\\$&")}'`, "m"));
  assert.doesNotMatch(r.err, /stand in/);
  assert.equal(r.out, "");
  assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), badText);
  assert.deepEqual(storeEntries(root), [], "nothing entered the store");
});

test("a lock Nix wrote for the seed is honoured exactly: the locked commits are fetched, their narHash checked, system-manager's entry kept, the file unchanged", { skip }, async (t) => {
  const server = await github();
  t.after(() => server.close());
  const ours = seedCopy();
  await lockSeed(ours, at(server));
  const hash = (name: string) => JSON.parse(readFileSync(join(ours, "flake.lock"), "utf8")).nodes[name].locked.narHash as string;
  /** A github node as Nix writes it (keys sorted). */
  const node = (owner: string, repo: string, rev: string, narHash: string, lastModified: number, more: { ref?: string; inputs?: object } = {}) => ({
    ...(more.inputs !== undefined ? { inputs: more.inputs } : {}),
    locked: { lastModified, narHash, owner, repo, rev, type: "github" },
    original: { owner, ...(more.ref !== undefined ? { ref: more.ref } : {}), repo, type: "github" },
  });
  const follows = { inputs: { nixpkgs: ["nixpkgs"] } };
  const nixLock = {
    nodes: {
      "home-manager": node("nix-community", "home-manager", HM_REV, hash("home-manager"), 1760000000, follows),
      nixpkgs: node("nixos", "nixpkgs", NP_REV, hash("nixpkgs"), 1760000100, { ref: "nixos-unstable" }),
      root: { inputs: { "home-manager": "home-manager", nixpkgs: "nixpkgs", "system-manager": "system-manager" } },
      "system-manager": node("numtide", "system-manager", "3".repeat(40), "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 1760000200, follows),
    },
    root: "root",
    version: 7,
  };
  const text = `${JSON.stringify(nixLock, null, 2)}\n`;
  const dir = seedCopy();
  writeFileSync(join(dir, "flake.lock"), text);
  server.refs.set("nix-community/home-manager/HEAD", "4".repeat(40));
  const asked = server.requests.length;

  const r = await evalAttr(dir, tmp("seed-nix-lock-root"), RELEASE, at(server));
  assert.equal(r.code, 0, r.err);
  assert.equal(typeof JSON.parse(r.out), "string", "the real home-manager's home.version.release");
  assert.doesNotMatch(r.err, /lock file|cannot fetch/);
  assert.deepEqual(server.requests.slice(asked), [`/gh/nix-community/home-manager/archive/${HM_REV}.tar.gz`, `/gh/nixos/nixpkgs/archive/${NP_REV}.tar.gz`], "the locked commits, no API call");
  assert.equal(readFileSync(join(dir, "flake.lock"), "utf8"), text);
});
