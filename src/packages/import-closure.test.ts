import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeStorePath } from "../store/write-store-path.ts";
import { textFileTree } from "../store/text-store-path.ts";
import { importClosure } from "./import-closure.ts";

test("importClosure() copies a generation and the store paths it names; a tampered one is refused", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-staging-"));
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  const file = await writeStorePath(from, "hello.txt", textFileTree("hi\n"));
  const gen = await writeStorePath(from, "gen", new Map([["link", { kind: "symlink" as const, target: file }], ["missing-ref", { kind: "file" as const, content: Buffer.from("/var/lib/system-manager/store/00000000000000000000000000000000-never-built\n"), executable: false }]]));
  const imported = await importClosure(from, to, gen);
  assert.equal(imported.length, 3);
  assert.equal(readFileSync(join(to, file), "utf8"), "hi\n");
  assert.ok(lstatSync(join(to, gen, "link")).isSymbolicLink());

  const other = mkdtempSync(join(tmpdir(), "sm-root-"));
  chmodSync(join(from, file), 0o644);
  writeFileSync(join(from, file), "tampered\n");
  await assert.rejects(importClosure(from, other, gen), /its content does not match its hash/);
});
