/**
 * The engine a generation carries (engine-store-paths.ts): its wrapper as
 * generated (golden), and its layout: the wrapper and the bundled engine,
 * a CommonJS file (lib/engine.cjs) whatever package.json is above it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertGolden } from "../../test/helpers/golden.ts";
import { ENGINE_SCRIPT } from "../../test/helpers/engine.ts";
import { STORE_DIR, type StorePath } from "../store/store-path.ts";
import { ENGINE_BIN, ENGINE_HOME_MANIFESTS, ENGINE_LIB, engineTree, engineWrapper } from "./engine-store-paths.ts";

const RUNTIME = `${STORE_DIR}/0123456789abcdfghijklmnpqrsvwxyz-nodejs-20.20.2` as StorePath;

test("the generation's engine wrapper (golden)", () => {
  assertGolden(join(import.meta.dirname, "golden", "engine", "system-manager-engine"), engineWrapper(RUNTIME, "1.2.3"));
});

test("the engine's store path holds the wrapper, executable, the bundle it runs, as a .cjs file, and the home.json versions it reads", () => {
  const tree = engineTree(ENGINE_SCRIPT, RUNTIME, "1.2.3");
  assert.deepEqual([...tree.keys()].sort(), [ENGINE_BIN, ENGINE_HOME_MANIFESTS, ENGINE_LIB].sort());
  const reads = tree.get(ENGINE_HOME_MANIFESTS);
  assert.ok(reads?.kind === "file" && !reads.executable);
  assert.equal(reads.content.toString("utf8"), "1 2\n");
  assert.equal(ENGINE_LIB, "lib/engine.cjs");
  const bin = tree.get(ENGINE_BIN);
  assert.ok(bin?.kind === "file" && bin.executable && bin.content.toString("utf8").includes(`"$here/../${ENGINE_LIB}"`));
});
