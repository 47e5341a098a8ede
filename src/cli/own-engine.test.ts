/**
 * isOwnEngine: a generation built with this CLI's engine (dist/engine.cjs)
 * on our Node version is ours, and switch activates it in process; one
 * whose engine script differs by a byte is not (its own engine runs it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGeneration } from "../build/build-generation.ts";
import { readSourceFromDisk } from "../build/read-source.ts";
import { ENGINE_SCRIPT, testEngine } from "../../test/helpers/engine.ts";
import { module, seedSystem } from "../../test/helpers/system.ts";
import { isOwnEngine } from "./own-engine.ts";

test("a generation carrying our engine is ours; one with another engine script is not", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-own-engine-"));
  const other = join(mkdtempSync(join(tmpdir(), "sm-own-engine-b-")), "engine.cjs");
  writeFileSync(other, readFileSync(ENGINE_SCRIPT, "utf8") + "\n// another engine\n");
  const build = async (script: string) =>
    (await buildGeneration([module(seedSystem)], { root, hostSystem: "x86_64-linux", readSource: readSourceFromDisk, warn: () => undefined, engine: { ...testEngine(), script } })).storePath;
  assert.equal(isOwnEngine(root, { storePath: await build(ENGINE_SCRIPT) }), true);
  assert.equal(isOwnEngine(root, { storePath: await build(other) }), false);
  assert.equal(isOwnEngine(root, "nothing"), false, "nothing active");
});
