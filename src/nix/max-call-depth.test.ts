/**
 * The stack an evaluation is given for a max-call-depth (max-call-depth.ts):
 * 64 MiB for Nix's default, growing with the depth up to what a thread can
 * be given, the same as the launcher's (bin/large-stack.js, which reads
 * the depth from eval's arguments); and enough: in a worker sized so,
 * max-call-depth + 1 nested calls evaluate for a large depth, and one more
 * is Nix's error.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { MAX_CALL_DEPTH, stackMbFor } from "./max-call-depth.ts";
import { runWithLargeStack } from "../cli/large-stack.ts";

const launcher = createRequire(import.meta.url)("../../bin/large-stack.js") as { stackMbFor(d?: number): number; maxCallDepthOf(args: string[]): number | undefined };

test("Nix's default depth gets 64 MiB; a larger depth more, up to 4 GiB", () => {
  assert.equal(stackMbFor(), 64);
  assert.equal(stackMbFor(MAX_CALL_DEPTH), 64);
  assert.equal(stackMbFor(100), 64);
  assert.ok(stackMbFor(100_000) > 400);
  assert.equal(stackMbFor(100_000_000), 4096);
  for (let d = 1000; d < 2_000_000; d = Math.ceil(d * 1.7)) assert.ok(stackMbFor(d) <= stackMbFor(d * 2));
});

test("the launcher sizes eval's worker as the CLI sizes a build's, from --max-call-depth N, --max-call-depth=N or --option max-call-depth N", () => {
  for (const d of [undefined, 0, 100, 10_000, 50_000, 1_000_000, 100_000_000]) assert.equal(launcher.stackMbFor(d), stackMbFor(d), String(d));
  assert.equal(launcher.maxCallDepthOf(["eval", "--expr", "1"]), undefined);
  assert.equal(launcher.maxCallDepthOf(["eval", "--max-call-depth", "300"]), 300);
  assert.equal(launcher.maxCallDepthOf(["eval", "--max-call-depth=40000"]), 40000);
  assert.equal(launcher.maxCallDepthOf(["eval", "--option", "max-call-depth", "20", "--option", "abort-on-warn", "true"]), 20);
  assert.equal(launcher.maxCallDepthOf(["eval", "--", "--max-call-depth", "5"]), undefined);
});

test("a worker sized for a depth reaches it: depth + 1 nested calls evaluate, one more is Nix's error", async () => {
  const depth = 40_000;
  const module = new URL("./max-call-depth-probe.ts", import.meta.url);
  for (const kind of ["plain", "formals"] as const) {
    assert.equal(await runWithLargeStack(module, "nested", [kind, depth, depth], { stackMb: stackMbFor(depth) }), String(depth), kind);
    assert.equal(await runWithLargeStack(module, "nested", [kind, depth + 1, depth], { stackMb: stackMbFor(depth) }), "stack overflow; max-call-depth exceeded", kind);
  }
});
