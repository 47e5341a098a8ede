/**
 * A home activation reads each generation's home.json once: the previous
 * generation's, which cleanup (the links to remove) and reloadSystemd (the
 * units to stop) both need, is read and checked a single time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { RootFs } from "../../src/activate/root-fs.ts";
import { removeTree } from "../../src/packages/staged-path.ts";

test("each generation's home.json is read once per activation", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-manifest-once-"));
  t.after(() => removeTree(root));
  const gen = async (text: string) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: { "a.txt": { text }, "b.txt": { text: "b\n" } } } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", content.tree);
  };
  const [a, b] = [await gen("a\n"), await gen("a changed\n")];
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const reads: string[] = [];
  class Counting extends RootFs {
    override readFileIfExists(path: string, opts?: { symlinkAsAbsent?: boolean }): Buffer | undefined {
      if (path.endsWith("/home.json")) reads.push(path);
      return super.readFileIfExists(path, opts);
    }
  }
  const openFs = (dir: string) => (dir === join(root, STORE_DIR) ? new Counting(dir) : new RootFs(dir));
  const run = (generation: string) => activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: () => undefined, openFs });
  run(a);
  reads.length = 0;
  run(b);
  const of = (g: string) => reads.filter((p) => p === `${g.slice(STORE_DIR.length)}/home.json`).length;
  assert.equal(of(b), 1, "the new generation's");
  assert.equal(of(a), 1, "the previous generation's");
});
