/**
 * A light activation engine for tests that build generations: the real
 * bundled engine (dist/engine.cjs, built by `npm test`) on a Node "runtime"
 * that is a one-line script starting the test's own node, so a test root's
 * store does not get a 100 MB copy of node per build. The real runtime copy
 * is tested in src/build/node-runtime.test.ts and end to end.
 */
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EngineSource } from "../../src/build/engine-store-paths.ts";

let node: string | undefined;

/** A script that runs this process's node: what SYSTEM_MANAGER_NODE is set to in tests. */
export function nodeStandIn(): string {
  if (node === undefined) {
    node = join(mkdtempSync(join(tmpdir(), "sm-node-")), "node");
    writeFileSync(node, `#!/bin/sh\nexec '${process.execPath}' "$@"\n`);
    chmodSync(node, 0o755);
  }
  return node;
}

export const ENGINE_SCRIPT = resolve(import.meta.dirname, "..", "..", "dist", "engine.cjs");

export function testEngine(): EngineSource {
  if (!existsSync(ENGINE_SCRIPT)) throw new Error(`${ENGINE_SCRIPT} is missing: run \`npm run build\` first`);
  return { node: nodeStandIn(), script: ENGINE_SCRIPT, version: "test" };
}
