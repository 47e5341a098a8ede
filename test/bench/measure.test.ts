// bench/lib/measure.ts: a command's whole-process time, peak RSS and status,
// for Node processes (the preloaded reporter, in each process started) and for
// other programs (GNU time).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { runMeasured } from "../../bench/lib/measure.ts";

const ALLOC_100MB = "const b = Buffer.alloc(100 * 1024 * 1024, 1); process.stdout.write(String(b.length));";

test("a Node process that allocates 100 MB reports a peak of at least 100 MB, and its output", () => {
  const r = runMeasured(process.execPath, ["-e", ALLOC_100MB]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, String(100 * 1024 * 1024));
  assert.ok(r.peakRssMB !== undefined && r.peakRssMB >= 100, `peak ${r.peakRssMB}`);
  assert.ok(r.ms > 0);
});

test("a small Node process reports a peak well under 100 MB", () => {
  const r = runMeasured(process.execPath, ["-e", "0"]);
  assert.equal(r.status, 0);
  assert.ok(r.peakRssMB !== undefined && r.peakRssMB > 5 && r.peakRssMB < 100, `peak ${r.peakRssMB}`);
});

test("the peak is the largest over every Node process started, as when the CLI starts a generation's own engine", () => {
  const parent = `require("node:child_process").spawnSync(process.execPath, ["-e", ${JSON.stringify(ALLOC_100MB)}], { stdio: "inherit" });`;
  const r = runMeasured(process.execPath, ["-e", parent]);
  assert.equal(r.status, 0);
  assert.ok(r.peakRssMB !== undefined && r.peakRssMB >= 100, `peak ${r.peakRssMB}`);
});

test("a failing command reports its status and its stderr", () => {
  const r = runMeasured(process.execPath, ["-e", "console.error('boom'); process.exit(3)"]);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /boom/);
  assert.ok(r.peakRssMB !== undefined);
});

test("NODE_OPTIONS the caller sets are kept", () => {
  const heap = runMeasured(process.execPath, ["-p", "require('node:v8').getHeapStatistics().heap_size_limit >> 20"], {
    env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=300" },
  });
  assert.ok(Number(heap.stdout) < 400, `heap limit ${heap.stdout}`);
});

const gnuTime = existsSync("/usr/bin/time");
test("another program's peak comes from GNU time, and its status is its own", { skip: gnuTime ? false : "no /usr/bin/time (GNU time): peers' peak RSS is undefined" }, () => {
  const dd = runMeasured("dd", ["if=/dev/zero", "of=/dev/null", "bs=100M", "count=1"]);
  assert.equal(dd.status, 0);
  assert.ok(dd.peakRssMB !== undefined && dd.peakRssMB >= 100, `peak ${dd.peakRssMB}`);
  const failing = runMeasured("sh", ["-c", "echo out; exit 4"]);
  assert.equal(failing.status, 4);
  assert.equal(failing.stdout, "out\n");
});
