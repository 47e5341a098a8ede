import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { readLock } from "../../src/packages/lock.ts";
import { DEB_CACHE_DIR } from "../../src/packages/debian/fetch.ts";
import { removeTree } from "../../src/packages/staged-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { storeDigest } from "./helpers/store-digest.ts";
import { fixtureUnavailable, HOST_LIBC, HOST_LOADER } from "./helpers/fixture-debs.ts";
import { offlineLock, startFixture, strangerKeyring, type Fixture } from "./helpers/archive-fixture.ts";
import { buildArchive, serve } from "./helpers/local-archive.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();


/** A version-1 lock: the same pins without the Debian tools. */
function versionOneLock(from: string, to: string): void {
  const lock = JSON.parse(readFileSync(from, "utf8"));
  lock.version = 1;
  delete lock.debian.tools;
  for (const p of Object.values(lock.packages) as Record<string, unknown>[]) delete p.release;
  writeFileSync(to, JSON.stringify(lock, null, 2) + "\n");
}

function emptyStore(root: string): void {
  const store = join(root, STORE_DIR);
  for (const n of existsSync(store) ? readdirSync(store) : []) removeTree(join(store, n));
}

describe("verification, offline builds and updates", { skip }, () => {
  let f: Fixture;
  let root: string;
  let lockPath: string;
  let outPath: string;
  before(async () => {
    f = await startFixture();
    root = f.dir("root");
    lockPath = join(f.dir("config"), "system-manager.lock");
    const s = f.session(root, lockPath);
    outPath = s.lookup("hello", SYSTEM).outPath;
    await s.realise();
    s.saveLock();
  });
  after(() => f?.stop());

  test("the patched program runs from the store alone (chroot holding only the store), and through its wrapper", { skip: process.getuid?.() !== 0 ? "chroot needs root" : false }, () => {
    const pkg = readdirSync(join(root, STORE_DIR)).find((n) => /-hello-2\.10-3$/.test(n) && existsSync(join(root, STORE_DIR, n, "usr/bin/hello"))) as string;
    const direct = spawnSync("chroot", [root, `${STORE_DIR}/${pkg}/usr/bin/hello`], { encoding: "utf8" });
    assert.equal(direct.stdout, "hello from libgreet\n", direct.stderr);
    const shRoot = f.dir("shroot");
    spawnSync("cp", ["-a", join(root, "var"), shRoot]);
    for (const [from, to] of [["/bin/sh", "bin/sh"], [HOST_LIBC, "lib/x86_64-linux-gnu/libc.so.6"], [HOST_LOADER, "lib64/ld-linux-x86-64.so.2"]] as const) {
      mkdirSync(join(shRoot, to, ".."), { recursive: true });
      copyFileSync(realpathSync(from), join(shRoot, to));
    }
    const wrapped = spawnSync("chroot", [shRoot, `${outPath}/bin/hello`], { encoding: "utf8" });
    assert.equal(wrapped.stdout, "hello from libgreet\ndata: greetings, data\n", wrapped.stderr);
    // The pinned patchelf, patched by itself (its libstdc++ too), runs from the store alone.
    const patchelf = readdirSync(join(root, STORE_DIR)).find((n) => /-patchelf-/.test(n) && existsSync(join(root, STORE_DIR, n, "usr/bin/patchelf"))) as string;
    const version = spawnSync("chroot", [root, `${STORE_DIR}/${patchelf}/usr/bin/patchelf`, "--version"], { encoding: "utf8" });
    assert.match(version.stdout, /^patchelf \d+\.\d+/, version.stderr);
  });

  test("with the lock and a warm download cache, a build needs no network, and makes the same bytes", async () => {
    const offline = join(f.dir("offline"), "system-manager.lock");
    offlineLock(lockPath, offline);
    const before = storeDigest(root, { hidden: true });
    emptyStore(root);
    const s = f.session(root, offline);
    assert.equal(s.lookup("hello", SYSTEM).outPath, outPath, "the lock alone gives the store path");
    const debs = new Set([...(s.lock.packages.hello as { closure: readonly string[] }).closure, ...(s.lock.debian?.tools?.patchelf.closure ?? [])]);
    assert.deepEqual(await s.realise(), { downloaded: 0, unpacked: debs.size, outputs: 1 });
    assert.ok(existsSync(join(root, outPath, "bin/hello")));
    assert.deepEqual(storeDigest(root, { hidden: true }), before, "patched by the pinned patchelf, whatever the host has");
  });

  test("a version-1 lock (no tools) pins patchelf on the next lookup, with the same store paths, and is saved as the current version", async () => {
    const v1 = join(f.dir("v1"), "system-manager.lock");
    versionOneLock(lockPath, v1);
    const s = f.session(root, v1);
    assert.equal(s.lock.debian?.tools, undefined);
    assert.equal(s.lookup("hello", SYSTEM).outPath, outPath);
    assert.equal(s.saveLock({ prune: true }), true);
    const saved = readLock(v1);
    assert.equal(saved.version, 3);
    assert.deepEqual(saved.debian?.tools, readLock(lockPath).debian?.tools);
    assert.deepEqual(saved.packages.hello, readLock(lockPath).packages.hello, "its packages recorded as taken from the archive's release");
    assert.match(readFileSync(v1, "utf8"), /^\{\n  "version": 3,/);
  });

  test("a version-1 lock offline, with no package lists, says it cannot pin patchelf", () => {
    const v1 = join(f.dir("v1-offline"), "system-manager.lock");
    versionOneLock(lockPath, v1);
    offlineLock(v1, v1);
    const s = f.session(f.dir("coldroot"), v1);
    assert.throws(() => s.lookup("hello", SYSTEM), /^UserError: Cannot resolve patchelf \(the Debian provider patches every package with it\): it is not in system-manager\.lock and cannot fetch the package lists of http:\/\/127\.0\.0\.1:9 test/);
  });

  test("a full update pins patchelf anew (reported when it changes), an update of names keeps it", () => {
    const v1 = join(f.dir("v1-update"), "system-manager.lock");
    versionOneLock(lockPath, v1);
    const s = f.session(root, v1, { debian: { refreshLists: true, repin: true } });
    const tool = readLock(lockPath).debian?.tools?.patchelf;
    assert.deepEqual(s.refresh([], SYSTEM), [{ attr: "patchelf (tool)", before: undefined, after: `patchelf ${tool?.version} (debian)` }]);
    assert.deepEqual(s.lock.debian?.tools?.patchelf, tool);
    assert.deepEqual(f.session(root, lockPath, { debian: { refreshLists: true, repin: true } }).refresh([], SYSTEM), []);
    assert.deepEqual(f.session(root, lockPath).refresh(["hello"], SYSTEM), []);
  });

  test("without network and nothing cached, the error says so", async () => {
    const offline = join(f.dir("offline"), "system-manager.lock");
    offlineLock(lockPath, offline);
    const s = f.session(f.dir("coldroot"), offline);
    s.lookup("hello", SYSTEM);
    await assert.rejects(s.realise(), /Cannot download hello 2\.10-3 from http:\/\/127\.0\.0\.1:9 test \(http:\/\/127\.0\.0\.1:9\/pool\/.*\): .*; is the network or the archive unreachable\?/);
    assert.throws(() => s.lookup("tmux", SYSTEM), /Cannot resolve pkgs\.tmux: it is not in system-manager\.lock and cannot fetch the package lists/);
  });

  test("a tampered .deb in the cache is refused, naming it, and nothing is left in the store", async () => {
    emptyStore(root);
    const cache = join(root, DEB_CACHE_DIR);
    const file = join(cache, readdirSync(cache).find((n) => n.startsWith("hello_")) as string);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0xff;
    writeFileSync(file, bytes);
    const s = f.session(root, lockPath);
    s.lookup("hello", SYSTEM);
    await assert.rejects(s.realise(), /Cannot unpack hello 2\.10-3: the cached file .*hello_2\.10-3_amd64\.[0-9a-f]{12}\.deb is not the \.deb the archive signed \(sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\)/);
    assert.deepEqual(readdirSync(join(root, STORE_DIR)).filter((n) => n.includes("hello")), []);
  });

  test("an archive signed by another key is refused", () => {
    const sources = [{ ...f.archive.sources(f.server.url)[0]!, keyring: strangerKeyring(f.dir("stranger")) }];
    const s = f.session(f.dir("root"), join(f.dir("cfg"), "system-manager.lock"), { debian: { sources } });
    assert.throws(() => s.lookup("hello", SYSTEM), /Cannot resolve pkgs\.hello: .*cannot fetch the package lists[\s\S]*(NO_PUBKEY|not signed|GPG error)/);
  });

  test("a .deb changed on the server is refused: it is not the .deb the lock pins", async () => {
    const pool = f.archive.poolFile(f.debs.lonely!);
    const bytes = readFileSync(pool);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0xff;
    writeFileSync(pool, bytes);
    const fresh = f.dir("root");
    const s = f.session(fresh, join(f.dir("cfg"), "system-manager.lock"));
    s.lookup("lonely", SYSTEM);
    await assert.rejects(s.realise(), /Cannot download lonely 1\.0: what http:\/\/127\.0\.0\.1:\d+ test served \(.*\/pool\/.*lonely.*\.deb\) is not the \.deb the lock pins \(sha256 [0-9a-f]{64}, \d+ bytes; expected [0-9a-f]{64}, \d+ bytes\)/);
    const left = readdirSync(join(fresh, DEB_CACHE_DIR)).filter((n) => n.startsWith("lonely") || n.startsWith(".tmp-"));
    assert.deepEqual(left, [], "nothing of it is cached, no temporary is left");
  });

  test("update re-resolves against the archive's new versions and reports the change", async () => {
    const dir = f.dir("archive2");
    const debs = Object.values(f.debs).map((d) => (d.name === "hello" ? { ...d, version: "2.10-4" } : d));
    const archive = buildArchive(dir, debs);
    const server = await serve(archive.dir);
    try {
      const s = f.session(root, lockPath, { debian: { sources: archive.sources(server.url), repin: true, refreshLists: true } });
      assert.deepEqual(s.refresh(["hello"], SYSTEM), [{ attr: "hello", before: "hello 2.10-3 (debian test)", after: "hello 2.10-4 (debian test)" }]);
      assert.throws(() => s.refresh(["nope"], SYSTEM), /Cannot update nope: not in .*system-manager\.lock \(locked: hello\)/);
    } finally {
      server.stop();
    }
  });
});
