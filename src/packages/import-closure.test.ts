import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeStorePath } from "../store/write-store-path.ts";
import { textFileTree } from "../store/text-store-path.ts";
import { importClosure } from "./import-closure.ts";
import type { TreeEntry } from "../store/file-tree.ts";

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

test("importClosure() refuses a changed generation even when it carries a package's info.json", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-staging-"));
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  const manifest = (text: string) => ({ kind: "file" as const, content: Buffer.from(text), executable: false });
  const gen = await writeStorePath(from, "system-manager", new Map([["manifest.json", manifest('{"packages":{"system":[],"users":{}}}\n')]]));
  chmodSync(join(from, gen), 0o755);
  chmodSync(join(from, gen, "manifest.json"), 0o644);
  writeFileSync(join(from, gen, "manifest.json"), '{"tampered":true}\n');
  mkdirSync(join(from, gen, ".system-manager"));
  writeFileSync(join(from, gen, ".system-manager", "info.json"), '{"references":[]}\n');
  await assert.rejects(importClosure(from, to, gen), /its content does not match its hash/);
  assert.equal(existsSync(join(to, gen)), false);
});

test("importClosure() copies the packages a verified manifest lists, and their dependencies, as they are", async () => {
  const from = mkdtempSync(join(tmpdir(), "sm-staging-"));
  const to = mkdtempSync(join(tmpdir(), "sm-root-"));
  const file = (text: string) => ({ kind: "file" as const, content: Buffer.from(text), executable: false });
  const lib = "/var/lib/system-manager/store/11111111111111111111111111111111-libgreet-1.0";
  const pkg = "/var/lib/system-manager/store/22222222222222222222222222222222-hello-2.10";
  const stray = "/var/lib/system-manager/store/33333333333333333333333333333333-stray-1.0";
  for (const [p, refs] of [[lib, []], [pkg, [lib]], [stray, []]] as const) {
    mkdirSync(join(from, p, ".system-manager"), { recursive: true });
    writeFileSync(join(from, p, ".system-manager", "info.json"), JSON.stringify({ references: refs }));
  }
  const gen = await writeStorePath(from, "system-manager", new Map([["manifest.json", file(JSON.stringify({ packages: { system: [{ attr: "hello", outPath: pkg }], users: {} } }))]]));
  const imported = await importClosure(from, to, gen);
  assert.deepEqual(imported, [lib.slice(30), pkg.slice(30), gen.slice(30)]);
  assert.ok(existsSync(join(to, lib, ".system-manager", "info.json")));

  // A path with info.json that no verified manifest lists is re-hashed like any other.
  const gen2 = await writeStorePath(from, "system-manager", new Map<string, TreeEntry>([["manifest.json", file(JSON.stringify({ packages: { system: [], users: {} } }))], ["extra", { kind: "symlink" as const, target: stray }]]));
  await assert.rejects(importClosure(from, mkdtempSync(join(tmpdir(), "sm-root-")), gen2), /stray-1\.0 .*does not match its hash/);
});
