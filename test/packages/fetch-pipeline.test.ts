import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AptRoot } from "../../src/packages/debian/apt-root.ts";
import { cachedDebPath, fetchDebs } from "../../src/packages/debian/fetch.ts";
import type { LockedDeb } from "../../src/packages/lock.ts";
import { silentProgress } from "../../src/packages/progress.ts";

/**
 * Two .debs (any bytes: fetching does not look inside) and a stand-in
 * apt-get that writes them one after the other; the environment names a
 * proxy, so they are fetched through apt (which honours it), not directly.
 */
function setup(script: (src: string, firstInCache: string) => string) {
  const base = mkdtempSync(join(tmpdir(), "sm-fetch-pipeline-"));
  chmodSync(base, 0o755);
  const root = join(base, "root");
  const src = join(base, "src");
  const bin = join(base, "bin");
  mkdirSync(src);
  mkdirSync(bin);
  const deb = (name: string, bytes: string): LockedDeb => {
    writeFileSync(join(src, `${name}.deb`), bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    return { name, version: "1:1.0-1", arch: "amd64", sha256, size: Buffer.byteLength(bytes), filename: `pool/${name}.deb`, depends: [] };
  };
  const debs = [deb("first", "the first .deb\n".repeat(1000)), deb("second", "the second .deb\n".repeat(1000))];
  writeFileSync(join(bin, "apt-get"), `#!/bin/sh\n${script(src, cachedDebPath(root, debs[0] as LockedDeb))}\n`);
  chmodSync(bin, 0o755);
  chmodSync(join(bin, "apt-get"), 0o755);
  const apt = new AptRoot(root, "amd64", [{ uri: "http://deb.example/debian", suites: ["test"], components: ["main"] }] as never);
  apt.prepare();
  writeFileSync(join(apt.dir, "lists-updated"), "now\n");
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  process.env.http_proxy = "http://proxy.invalid:3128";
  const requests = debs.map((deb) => ({ deb, apt }));
  const done = () => {
    process.env.PATH = path;
    delete process.env.http_proxy;
    rmSync(base, { recursive: true, force: true });
  };
  return { root, debs, requests, apt, done };
}

test("a .deb is handed over, verified and in the cache, while apt-get still downloads the others", async () => {
  // apt-get writes the second file only once the first is in the cache (or gives up after ten seconds and fails).
  const t = setup((src, firstInCache) => {
    const [a, b] = [`first_1%3a1.0-1_amd64.deb`, `second_1%3a1.0-1_amd64.deb`];
    return [
      `cp '${src}/first.deb' ${a}`,
      `i=0; while [ ! -e '${firstInCache}' ]; do i=$((i+1)); [ $i -gt 100 ] && exit 7; sleep 0.1; done`,
      `cp '${src}/second.deb' ${b}.part && mv ${b}.part ${b}`,
    ].join("\n");
  });
  try {
    const seen: string[] = [];
    const files = await fetchDebs(t.root, t.requests, silentProgress, { parallel: 2, onVerified: (d, file) => {
      assert.equal(readFileSync(file).length, d.size);
      seen.push(d.name);
    } });
    assert.deepEqual(seen, ["first", "second"], "each is handed over once, the first while apt-get ran");
    assert.deepEqual([...files].sort(), t.debs.map((d) => cachedDebPath(t.root, d)).sort());
    for (const d of t.debs) assert.ok(existsSync(cachedDebPath(t.root, d)));
  } finally {
    t.done();
  }
});

test("a failed download names the packages, and a .deb handed over early stays verified in the cache", async () => {
  const t = setup((src) => `cp '${src}/first.deb' first_1%3a1.0-1_amd64.deb\nsleep 0.5\necho 'E: Failed to fetch http://deb.example/debian/pool/second.deb  404  Not Found' >&2\nexit 100`);
  try {
    const seen: string[] = [];
    await assert.rejects(
      fetchDebs(t.root, t.requests, silentProgress, { parallel: 2, onVerified: (d) => seen.push(d.name) }),
      /^UserError: Cannot download first 1:1\.0-1, second 1:1\.0-1: .*\nE: Failed to fetch http:\/\/deb\.example\/debian\/pool\/second\.deb/,
    );
    assert.ok(seen.every((n) => n === "first"), "only a complete, genuine file is handed over");
    assert.ok(!existsSync(cachedDebPath(t.root, t.debs[1] as LockedDeb)));
  } finally {
    t.done();
  }
});

test("a .deb another realisation cached meanwhile is replaced by the verified one, not an error", async () => {
  // Another realisation in the same root caches the first .deb (here: its bytes) while this one downloads it too.
  const t = setup((src, firstInCache) =>
    [`cp '${src}/first.deb' '${firstInCache}'`, `cp '${src}/first.deb' first_1%3a1.0-1_amd64.deb`, "sleep 1", `cp '${src}/second.deb' second_1%3a1.0-1_amd64.deb`].join("\n"),
  );
  try {
    const seen: string[] = [];
    const files = await fetchDebs(t.root, t.requests, silentProgress, { parallel: 2, onVerified: (d) => seen.push(d.name) });
    assert.deepEqual(seen, ["first", "second"]);
    assert.equal(files.size, 2);
  } finally {
    t.done();
  }
});
