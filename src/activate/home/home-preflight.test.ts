import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "../../../test/home/home-config.ts";
import { writeStorePath } from "../../store/write-store-path.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { RootFs } from "../root-fs.ts";
import { activateHome } from "./activate-home.ts";
import { unwritableDirs } from "./home-preflight.ts";

test("unwritableDirs(): a file where a directory is needed is named; what lies under a link cleanup removes counts as absent", () => {
  const home = mkdtempSync(join(tmpdir(), "sm-preflight-"));
  writeFileSync(join(home, "file"), "");
  symlinkSync("/elsewhere", join(home, "link"));
  const fs = new RootFs(home);
  assert.deepEqual(unwritableDirs(fs, "/home/a", ["file/sub", "new/dir", ""]), ["Cannot create directory '/home/a/file/sub': '/home/a/file' is not a directory"]);
  assert.deepEqual(unwritableDirs(fs, "/home/a", ["link/x/y"], new Set(["link"])), []);
  assert.equal(unwritableDirs(fs, "/home/a", ["link/x/y"]).length, 1);
});

test("a directory linked by the previous generation can hold a file of the next one", async () => {
  const root = mkdtempSync(join(tmpdir(), "sm-preflight-"));
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const src = mkdtempSync(join(tmpdir(), "sm-preflight-src-"));
  writeFileSync(join(src, "inside.txt"), "i\n");
  const gen = async (files: Record<string, unknown>) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: files } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", content.tree);
  };
  const activate = (g: string) => activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation: g, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: () => undefined });
  activate(await gen({ ".config/foo": { source: src } }));
  assert.ok(lstatSync(join(home, ".config/foo")).isSymbolicLink());
  const g2 = await gen({ ".config/foo/bar.txt": { text: "b\n" } });
  activate(g2);
  // A text file's link names its text store path straight (home.json version 2).
  const to = readlinkSync(join(home, ".config/foo/bar.txt"));
  assert.match(to, new RegExp(`^${STORE_DIR}/[0-9a-z]{32}-hm_config-foo-bar\\.txt$`));
  assert.equal(readFileSync(join(root, to), "utf8"), "b\n");
  assert.ok(g2.endsWith("-home-manager-generation"));
});
