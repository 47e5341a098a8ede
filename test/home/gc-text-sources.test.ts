/**
 * gc and the text paths a home generation's files are linked from: the
 * generation's home.json names them (each file's `text`), so gc keeps them while the
 * generation lives, and the next build names the same paths: after gc, a
 * one-file change still links every unchanged file to the same text path
 * as the generation before (home.json version 2 links them straight).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import { contentAddressedPath } from "../../src/store/file-tree.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { inStoreSession } from "../../src/store/store-session.ts";
import { writeStorePaths } from "../../src/store/write-store-paths.ts";
import { collectGarbage } from "../../src/packages/gc.ts";
import { removeTree } from "../../src/packages/staged-path.ts";

const files = (changed: number) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`d/f${i}`, { text: `file ${i}${i === changed ? " changed" : ""}\n` }]));

/** Builds alice's home generation with `f` into the store under `root`, as the build writes it (one batch); returns it and its text paths. */
async function build(root: string, f: Record<string, unknown>) {
  const { content } = homeOf({ home: { stateVersion: "25.05", file: f } });
  const written = await inStoreSession(() => writeStorePaths(root, [...content.extra, { name: "home-manager-generation", tree: content.tree }]));
  return { generation: written[written.length - 1] as string, texts: content.extra.filter((e) => e.name.startsWith("hm_d-")).map((e) => contentAddressedPath(e.name, e.tree)) };
}

test("gc keeps the text paths a live home generation's files are linked from; the next build names the same paths", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-gc-text-sources-"));
  t.after(() => removeTree(root));
  const a = await build(root, files(-1));
  const named = (JSON.parse(readFileSync(join(root, a.generation, "home.json"), "utf8")) as { files: { text?: string }[] }).files.map((f) => f.text);
  assert.deepEqual(new Set(named), new Set(a.texts));
  mkdirSync(join(root, "var/lib/system-manager/gcroots"), { recursive: true });
  symlinkSync(a.generation, join(root, "var/lib/system-manager/gcroots/home"));

  const dead = collectGarbage(root, { dryRun: false }).dead;
  for (const p of a.texts) assert.ok(!dead.includes(p.slice(STORE_DIR.length + 1)), `${p} is kept`);

  const b = await build(root, files(3));
  const textOf = (g: string) => new Map((JSON.parse(readFileSync(join(root, g, "home.json"), "utf8")) as { files: { target: string; text: string }[] }).files.map((f) => [f.target, f.text]));
  const [was, is] = [textOf(a.generation), textOf(b.generation)];
  for (const i of [0, 1, 2, 4, 11]) {
    assert.equal(is.get(`d/f${i}`), was.get(`d/f${i}`), `d/f${i} is the same text path in both generations`);
    assert.ok(statSync(join(root, is.get(`d/f${i}`) as string)).isFile(), `d/f${i}'s text path is still in the store`);
  }
  assert.notEqual(is.get("d/f3"), was.get("d/f3"));
});
