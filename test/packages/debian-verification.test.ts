import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { DEB_CACHE_DIR } from "../../src/packages/debian/fetch.ts";
import { removeTree } from "../../src/packages/staged-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { fixtureUnavailable, HOST_LIBC, HOST_LOADER } from "./helpers/fixture-debs.ts";
import { offlineLock, startFixture, strangerKeyring, type Fixture } from "./helpers/archive-fixture.ts";
import { buildArchive, serve } from "./helpers/local-archive.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();

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
  });

  test("with the lock and a warm download cache, a build needs no network", async () => {
    const offline = join(f.dir("offline"), "system-manager.lock");
    offlineLock(lockPath, offline);
    emptyStore(root);
    const s = f.session(root, offline);
    assert.equal(s.lookup("hello", SYSTEM).outPath, outPath, "the lock alone gives the store path");
    assert.deepEqual(await s.realise(), { downloaded: 0, unpacked: 4, outputs: 1 });
    assert.ok(existsSync(join(root, outPath, "bin/hello")));
  });

  test("without network and nothing cached, the error says so", async () => {
    const offline = join(f.dir("offline"), "system-manager.lock");
    offlineLock(lockPath, offline);
    const s = f.session(f.dir("coldroot"), offline);
    s.lookup("hello", SYSTEM);
    await assert.rejects(s.realise(), /Cannot fetch the package lists of http:\/\/127\.0\.0\.1:9 test/);
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

  test("a .deb changed on the server fails apt's hash check", async () => {
    const pool = f.archive.poolFile(f.debs.lonely!);
    const bytes = readFileSync(pool);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0xff;
    writeFileSync(pool, bytes);
    const s = f.session(f.dir("root"), join(f.dir("cfg"), "system-manager.lock"));
    s.lookup("lonely", SYSTEM);
    await assert.rejects(s.realise(), /Cannot download .*lonely 1\.0: what http:\/\/127\.0\.0\.1:\d+ test served does not match its signed index[\s\S]*Hash Sum mismatch/);
  });

  test("update re-resolves against the archive's new versions and reports the change", async () => {
    const dir = f.dir("archive2");
    const debs = Object.values(f.debs).map((d) => (d.name === "hello" ? { ...d, version: "2.10-4" } : d));
    const archive = buildArchive(dir, debs);
    const server = await serve(archive.dir);
    try {
      const s = f.session(root, lockPath, { debian: { sources: archive.sources(server.url), repin: true, refreshLists: true } });
      assert.deepEqual(s.refresh(["hello"], SYSTEM), [{ attr: "hello", before: "hello 2.10-3 (debian)", after: "hello 2.10-4 (debian)" }]);
      assert.throws(() => s.refresh(["nope"], SYSTEM), /Cannot update nope: not in .*system-manager\.lock \(locked: hello\)/);
    } finally {
      server.stop();
    }
  });
});
