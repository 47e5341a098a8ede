import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeStorePath } from "./write-store-path.ts";
import { importStorePath } from "./import-store-path.ts";

const tree = new Map([["manifest.json", { kind: "file" as const, content: Buffer.from("{}\n"), executable: false }]]);

test("importStorePath() copies a store path into another root under the same path", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-from-"));
  const to = mkdtempSync(join(tmpdir(), "sm-to-"));
  const p = await writeStorePath(from, "gen", tree);
  assert.equal(await importStorePath(from, to, p), p);
  assert.equal(readFileSync(join(to, p, "manifest.json"), "utf8"), "{}\n");
});

test("importStorePath() refuses a store path whose content no longer matches its hash", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-from-"));
  const to = mkdtempSync(join(tmpdir(), "sm-to-"));
  const p = await writeStorePath(from, "gen", tree);
  chmodSync(join(from, p, "manifest.json"), 0o644);
  writeFileSync(join(from, p, "manifest.json"), "{\"tampered\":true}\n");
  await assert.rejects(importStorePath(from, to, p), /its content does not match its hash/);
});
