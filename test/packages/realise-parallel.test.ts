import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PatchJob } from "../../src/packages/debian/patch-elf.ts";
import { batchPatches, runPatches } from "../../src/packages/debian/run-patches.ts";
import type { Parallelism } from "../../src/packages/debian/parallelism.ts";
import type { RunResult } from "../../src/packages/run.ts";
import { storeDigest } from "./helpers/store-digest.ts";
import { fixtureUnavailable } from "./helpers/fixture-debs.ts";
import { startFixture, type Fixture } from "./helpers/archive-fixture.ts";

const SYSTEM = "x86_64-linux";
const skip = fixtureUnavailable();


describe("a realisation gives the same bytes whatever runs at once", { skip }, () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f?.stop());

  async function realise(attrs: readonly string[], parallelism: Partial<Parallelism>): Promise<{ store: Map<string, string>; lock: string; outPaths: string[] }> {
    const root = f.dir("root");
    const lockPath = join(f.dir("config"), "system-manager.lock");
    const s = f.session(root, lockPath, { debian: { parallelism } });
    const outPaths = attrs.map((a) => s.lookup(a, SYSTEM).outPath);
    const stats = await s.realise(outPaths);
    assert.ok(stats.unpacked > 5, "a whole closure with patchelf's is made");
    s.saveLock();
    return { store: storeDigest(root, { times: true }), lock: readFileSync(lockPath, "utf8"), outPaths: outPaths.sort() };
  }

  test("one at a time, file by file, and everything at once in large batches (resolved in another order) make identical store paths and locks", async () => {
    const serial = await realise(["hello", "plugged", "greetall"], { unpack: 1, patch: 1, patchBatch: 1 });
    const parallel = await realise(["greetall", "plugged", "hello"], { unpack: 8, patch: 8, patchBatch: 64 });
    assert.deepEqual(parallel.outPaths, serial.outPaths);
    assert.equal(parallel.lock, serial.lock);
    assert.deepEqual([...parallel.store.keys()], [...serial.store.keys()]);
    assert.deepEqual(parallel.store, serial.store);
    assert.ok([...serial.store.keys()].some((k) => k.endsWith("/usr/lib/hello/helper")), "patched programs are compared");
  });
});

describe("patchelf runs in batches of files with the same arguments", () => {
  const job = (file: string, args: string[]): PatchJob => ({ file, args, label: `${file} of p 1` });

  test("jobs are grouped by arguments in planned order, and split at the batch size", () => {
    const jobs = [job("a", ["--set-rpath", "x"]), job("b", ["--set-rpath", "y"]), job("c", ["--set-rpath", "x"]), job("d", ["--set-rpath", "x"])];
    assert.deepEqual(batchPatches(jobs, 2).map((b) => b.map((j) => j.file)), [["a", "c"], ["d"], ["b"]]);
    assert.deepEqual(batchPatches(jobs, 1).map((b) => b.map((j) => j.file)), [["a"], ["c"], ["d"], ["b"]]);
  });

  test("a failing batch is retried file by file, and the error names the file and patchelf's message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sm-patch-batch-"));
    for (const n of ["good1", "bad", "good2"]) writeFileSync(join(dir, n), "x", { mode: 0o444 });
    const calls: string[][] = [];
    const patchelf = {
      label: "patchelf 0.14 (pinned)",
      dispose: () => undefined,
      run: async (args: readonly string[]): Promise<RunResult> => {
        calls.push([...args]);
        const bad = args.some((a) => a.endsWith("/bad"));
        return bad ? { status: 1, stdout: "", stderr: "patchelf: not an ELF executable" } : { status: 0, stdout: "", stderr: "" };
      },
    };
    const jobs = ["good1", "bad", "good2"].map((n) => job(join(dir, n), ["--set-rpath", "/s/lib"]));
    await assert.rejects(runPatches(jobs, patchelf, 2, 8), /^UserError: Cannot patch .*\/bad of p 1 with patchelf 0\.14 \(pinned\):\npatchelf: not an ELF executable$/);
    assert.equal(calls[0]?.length, 5, "first, one run for the three files");
    assert.deepEqual(calls.slice(1).map((c) => c.slice(2).map((p) => p.slice(dir.length + 1))), [["good1"], ["bad"]]);
    assert.equal(lstatSync(join(dir, "good2")).mode & 0o200, 0o200, "read-only files are made writable for patchelf");
    rmSync(dir, { recursive: true, force: true });
  });
});
