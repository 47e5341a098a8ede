import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PROFILES_DIR } from "../activate/generations.ts";
import { STORE_DIR } from "../store/store-path.ts";
import { collectGarbage, GC_ROOT_DIRS } from "./gc.ts";
import { fakePath } from "../../test/packages/helpers/fake-store.ts";
import { buildProfile } from "./profile.ts";
import { writeStorePath } from "../store/write-store-path.ts";
import { textFileTree } from "../store/text-store-path.ts";

test("gc removes what no generation or profile refers to, following recorded and scanned references", async () => {
  assert.equal(GC_ROOT_DIRS[0], PROFILES_DIR);
  const root = mkdtempSync(join(tmpdir(), "sm-gc-"));
  const libc = fakePath(root, "libc6-2.36", { "lib/libc.so.6": "elf" });
  const rgDeb = fakePath(root, "ripgrep-13.0.0", { "usr/bin/rg": "elf", ".system-manager/info.json": JSON.stringify({ references: [libc] }) });
  const rg = fakePath(root, "ripgrep-13.0.0-out", { "bin/rg": `-> ${rgDeb}/usr/bin/rg`, ".system-manager/info.json": JSON.stringify({ references: [rgDeb, libc] }) });
  const oldDeb = fakePath(root, "ripgrep-12.0.0", { "usr/bin/rg": "old" });
  const profile = await buildProfile(root, "alice", [rg]);
  const generation = fakePath(root, "system-manager", { "manifest.json": JSON.stringify({ packages: { users: { alice: [{ attr: "ripgrep", outPath: rg }] } }, profiles: { alice: profile } }) });
  const unreferenced = fakePath(root, "system-manager", { "manifest.json": "{}" });
  mkdirSync(join(root, PROFILES_DIR), { recursive: true });
  symlinkSync(generation, join(root, PROFILES_DIR, "system-1-link"));
  symlinkSync("system-1-link", join(root, PROFILES_DIR, "system"));
  const store = join(root, STORE_DIR);
  mkdirSync(join(store, ".tmp-young"));
  mkdirSync(join(store, ".tmp-old"));
  utimesSync(join(store, ".tmp-old"), 1, 1);

  const dry = collectGarbage(root, { dryRun: true });
  assert.deepEqual(dry.roots, [basename(generation)]);
  assert.deepEqual([...dry.dead].sort(), [".tmp-old", basename(oldDeb), basename(unreferenced)].sort());
  assert.deepEqual(dry.live, [libc, rgDeb, rg, profile, generation].map((p) => basename(p)).sort());
  assert.ok(dry.bytes > 0);
  assert.ok(existsSync(join(root, oldDeb)), "--dry-run removes nothing");

  const done = collectGarbage(root, { dryRun: false });
  assert.deepEqual(done.dead, dry.dead);
  assert.deepEqual(readdirSync(store).sort(), [".tmp-young", ...dry.live].sort());
  assert.deepEqual(collectGarbage(root, { dryRun: false }).dead, []);
});

test("per-user profile links and the system profile link are roots too", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-"));
  const rg = fakePath(root, "ripgrep-13", { "bin/rg": "x" });
  const profile = await buildProfile(root, "alice", [rg]);
  mkdirSync(join(root, "etc/profiles/per-user"), { recursive: true });
  symlinkSync(profile, join(root, "etc/profiles/per-user/alice"));
  assert.deepEqual(collectGarbage(root, { dryRun: true }).dead, []);
  assert.deepEqual(collectGarbage(mkdtempSync(join(tmpdir(), "sm-gc-")), { dryRun: true }).dead, [], "an empty root has nothing to collect");
});

test("gc follows and removes single-file store paths (writeText)", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-"));
  const inner = await writeStorePath(root, "inner.txt", textFileTree("inner\n"));
  const outer = await writeStorePath(root, "outer.sh", textFileTree(`#!/bin/sh\nexec cat ${inner}\n`, true));
  const dead = await writeStorePath(root, "dead.txt", textFileTree("nobody refers to me\n"));
  const generation = fakePath(root, "system-manager", { "manifest.json": JSON.stringify({ script: outer }) });
  mkdirSync(join(root, PROFILES_DIR), { recursive: true });
  symlinkSync(generation, join(root, PROFILES_DIR, "system-1-link"));

  const r = collectGarbage(root, { dryRun: false });
  assert.deepEqual(r.dead, [basename(dead)]);
  assert.deepEqual(r.live, [generation, inner, outer].map((p) => basename(p)).sort());
  assert.ok(r.bytes >= "nobody refers to me\n".length);
  assert.equal(existsSync(join(root, dead)), false);
  assert.ok(existsSync(join(root, inner)) && existsSync(join(root, outer)));
});

test("a package whose info.json is not one is scanned instead: gc neither crashes nor loses what it refers to", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-"));
  const lib = fakePath(root, "libfoo-1", { "lib/libfoo.so": "elf" });
  const pkg = fakePath(root, "foo-1", { "bin/foo": `elf needing ${lib}/lib/libfoo.so`, ".system-manager/info.json": "{ not json" });
  const generation = fakePath(root, "system-manager", { "manifest.json": JSON.stringify({ pkg }) });
  mkdirSync(join(root, PROFILES_DIR), { recursive: true });
  symlinkSync(generation, join(root, PROFILES_DIR, "system-1-link"));
  const r = collectGarbage(root, { dryRun: true });
  assert.deepEqual(r.dead, []);
  assert.deepEqual(r.live, [generation, lib, pkg].map((p) => basename(p)).sort());
});
