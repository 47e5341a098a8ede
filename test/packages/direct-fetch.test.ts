import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AptRoot } from "../../src/packages/debian/apt-root.ts";
import { cachedDebPath, DEB_CACHE_DIR, fetchDebs, type FetchRequest } from "../../src/packages/debian/fetch.ts";
import type { AptSource, LockedDeb } from "../../src/packages/lock.ts";
import { silentProgress } from "../../src/packages/progress.ts";
import { serve, type Server } from "./helpers/local-archive.ts";

/** .debs of the given sizes (any bytes: fetching does not look inside) in an archive directory's pool; the root is where they are cached. */
function setup(sizes: Readonly<Record<string, number>>) {
  const base = mkdtempSync(join(tmpdir(), "sm-direct-fetch-"));
  chmodSync(base, 0o755);
  const archive = join(base, "archive");
  mkdirSync(join(archive, "pool"), { recursive: true });
  const debs = Object.entries(sizes).map(([name, size]): LockedDeb => {
    const bytes = Buffer.alloc(size, name);
    writeFileSync(join(archive, "pool", `${name}_1.0+b1_amd64.deb`), bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    return { name, version: "1:1.0+b1", arch: "amd64", sha256, size, filename: `pool/${name}_1.0+b1_amd64.deb`, depends: [] };
  });
  const requests = (root: string, ...uris: string[]): FetchRequest[] => {
    const sources: AptSource[] = uris.map((uri) => ({ uri, suites: ["test"], components: ["main"], keyring: "/dev/null" }));
    const apt = new AptRoot(root, "amd64", sources);
    return debs.map((deb) => ({ deb, apt }));
  };
  return { base, archive, root: join(base, "root"), debs, requests, done: () => rmSync(base, { recursive: true, force: true }) };
}

/** The most answers the server was busy with at once. */
function mostAtOnce(server: Server): number {
  let now = 0;
  let most = 0;
  for (const e of server.events()) {
    now += e.startsWith("GET ") ? 1 : -1;
    most = Math.max(most, now);
  }
  return most;
}

const cacheEntries = (root: string) => (existsSync(join(root, DEB_CACHE_DIR)) ? readdirSync(join(root, DEB_CACHE_DIR)).sort() : []);

test("downloads run at most N at once, the largest first, and each is handed over verified, under its cache name", async () => {
  const t = setup({ tiny: 10, small: 1000, big: 200_000, bigger: 300_000, middle: 50_000 });
  const server = await serve(t.archive, 150);
  try {
    const seen: string[] = [];
    const files = await fetchDebs(t.root, t.requests(t.root, server.url), silentProgress, {
      parallel: 2,
      onVerified: (d, file) => {
        assert.equal(createHash("sha256").update(readFileSync(file)).digest("hex"), d.sha256);
        seen.push(d.name);
      },
    });
    assert.equal(mostAtOnce(server), 2);
    assert.deepEqual(server.requests().slice(0, 2).sort(), ["/pool/big_1.0+b1_amd64.deb", "/pool/bigger_1.0+b1_amd64.deb"]);
    assert.deepEqual(seen.sort(), t.debs.map((d) => d.name).sort());
    assert.deepEqual([...files].sort(), t.debs.map((d) => cachedDebPath(t.root, d)).sort());
    assert.deepEqual(cacheEntries(t.root), t.debs.map((d) => cachedDebPath(t.root, d).split("/").pop()).sort(), "no temporary is left");
  } finally {
    server.stop();
    t.done();
  }
});

test("a .deb the first source lacks is fetched from the next (a security update is only in the security archive)", async () => {
  const t = setup({ one: 100 });
  const empty = join(t.base, "empty");
  mkdirSync(empty);
  const [first, second] = [await serve(empty), await serve(t.archive)];
  try {
    await fetchDebs(t.root, t.requests(t.root, first.url, second.url), silentProgress, { parallel: 4 });
    assert.deepEqual(first.requests(), ["/pool/one_1.0+b1_amd64.deb"]);
    assert.ok(existsSync(cachedDebPath(t.root, t.debs[0] as LockedDeb)));
  } finally {
    first.stop();
    second.stop();
    t.done();
  }
});

test("a failed download names the package and its archive; the others stay verified in the cache, nothing else; the next run fetches only the rest", async () => {
  const t = setup({ alpha: 1000, beta: 2000, gamma: 3000 });
  const beta = join(t.archive, "pool", "beta_1.0+b1_amd64.deb");
  const bytes = readFileSync(beta);
  rmSync(beta);
  const server = await serve(t.archive);
  try {
    await assert.rejects(
      fetchDebs(t.root, t.requests(t.root, server.url), silentProgress, { parallel: 1 }),
      /^UserError: Cannot download beta 1:1\.0\+b1: http:\/\/127\.0\.0\.1:\d+ test no longer has this version \(not found: http:\/\/127\.0\.0\.1:\d+\/pool\/beta_1\.0%2Bb1_amd64\.deb\); run 'system-manager update'/,
    );
    const [alpha, , gamma] = t.debs as [LockedDeb, LockedDeb, LockedDeb];
    assert.deepEqual(cacheEntries(t.root), [cachedDebPath(t.root, gamma).split("/").pop()], "the largest came first and is kept; nothing after the failure was started");
    writeFileSync(beta, bytes);
    const before = server.requests().length;
    await fetchDebs(t.root, t.requests(t.root, server.url), silentProgress, { parallel: 1 });
    assert.deepEqual(server.requests().slice(before), ["/pool/beta_1.0+b1_amd64.deb", "/pool/alpha_1.0+b1_amd64.deb"]);
    assert.deepEqual(cacheEntries(t.root), t.debs.map((d) => cachedDebPath(t.root, d).split("/").pop()).sort());
    assert.ok(existsSync(cachedDebPath(t.root, alpha)));
  } finally {
    server.stop();
    t.done();
  }
});

test("a run killed while downloading leaves no file under a cache name; the next run removes its temporary and converges", async () => {
  const t = setup({ first: 5000, second: 4000 });
  const server = await serve(t.archive, 60_000);
  const fetch = new URL("../../src/packages/debian/fetch.ts", import.meta.url).href;
  const apt = new URL("../../src/packages/debian/apt-root.ts", import.meta.url).href;
  const script = `
    const { fetchDebs } = await import(${JSON.stringify(fetch)});
    const { AptRoot } = await import(${JSON.stringify(apt)});
    const apt = new AptRoot(${JSON.stringify(t.root)}, "amd64", [{ uri: ${JSON.stringify(server.url)}, suites: ["test"], components: ["main"], keyring: "/dev/null" }]);
    await fetchDebs(${JSON.stringify(t.root)}, ${JSON.stringify(t.debs)}.map((deb) => ({ deb, apt })), { note() {}, task: () => ({ step() {}, done() {} }) }, { parallel: 2 });`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "inherit", "inherit"] });
  try {
    while (server.requests().length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
    const left = cacheEntries(t.root);
    assert.equal(left.length, 1);
    assert.match(left[0] as string, /^\.tmp-\d+\.\d+-download-/);
  } finally {
    child.kill("SIGKILL");
    server.stop();
  }
  const again = await serve(t.archive);
  try {
    await fetchDebs(t.root, t.requests(t.root, again.url), silentProgress, { parallel: 2 });
    assert.deepEqual(cacheEntries(t.root), t.debs.map((d) => cachedDebPath(t.root, d).split("/").pop()).sort());
  } finally {
    again.stop();
    t.done();
  }
});
