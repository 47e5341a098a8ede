/**
 * Home activation scenarios, each in a fresh temporary root: a fresh home,
 * pre-existing files with and without a backup extension, an existing
 * backup, a removed file, onChange, going back to an older generation, and
 * a symlink planted to lead activation out of the home.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { UserError } from "../../src/diagnostics/user-error.ts";

interface World {
  root: string;
  home: string;
  log: string[];
}

function world(): World {
  const root = mkdtempSync(join(tmpdir(), "sm-home-"));
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  return { root, home, log: [] };
}

async function generation(w: World, files: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
  const { content } = homeOf({ home: { stateVersion: "25.05", file: files, ...extra } });
  for (const e of content.extra) await writeStorePath(w.root, e.name, e.tree);
  return writeStorePath(w.root, "home-manager-generation", content.tree);
}

function activate(w: World, generation: string, backupExtension: string | null = null) {
  return activateHome({ storeDir: join(w.root, STORE_DIR), homeDir: w.home, generation, backupExtension, uid: undefined, env: { PATH: process.env.PATH }, log: (l) => w.log.push(l) });
}

/** Content of a home file, following links as the root sees them. */
function read(w: World, rel: string): string {
  const p = join(w.home, rel);
  return lstatSync(p).isSymbolicLink() ? readFileSync(join(w.root, readlinkSync(p)), "utf8") : readFileSync(p, "utf8");
}

test("a fresh home gets links into the generation (a text file's straight to its text path) and profile generation 1", async () => {
  const w = world();
  const g = await generation(w, { ".config/example/hello.txt": { text: "Hello from home-manager!\n" }, "bin/run": { text: "#!/bin/sh\n", executable: true } });
  activate(w, g);
  assert.match(readlinkSync(join(w.home, ".config/example/hello.txt")), new RegExp(`^${STORE_DIR}/[0-9a-z]{32}-hm_config-example-hello\\.txt$`));
  assert.equal(readlinkSync(join(w.home, "bin/run")), `${g}/home-files/bin/run`);
  assert.equal(read(w, ".config/example/hello.txt"), "Hello from home-manager!\n");
  assert.equal(readlinkSync(join(w.home, ".local/state/nix/profiles/home-manager")), "home-manager-1-link");
  assert.equal(readlinkSync(join(w.home, ".local/state/nix/profiles/home-manager-1-link")), g);
});

test("a differing file in the way is backed up with the extension, then linked", async () => {
  const w = world();
  mkdirSync(join(w.home, ".config/git"), { recursive: true });
  writeFileSync(join(w.home, ".config/git/config"), "[user]\n\tname = old\n");
  const g = await generation(w, { ".config/git/config": { text: "[user]\n\tname = new\n" } });
  activate(w, g, "bak");
  assert.equal(readFileSync(join(w.home, ".config/git/config.bak"), "utf8"), "[user]\n\tname = old\n");
  assert.equal(read(w, ".config/git/config"), "[user]\n\tname = new\n");
  assert.ok(w.log.some((l) => l.includes("will be moved to") && l.endsWith(".config/git/config.bak'")));
});

test("without a backup extension every file in the way is listed and nothing changes", async () => {
  const w = world();
  mkdirSync(join(w.home, ".config/git"), { recursive: true });
  writeFileSync(join(w.home, ".config/git/config"), "mine\n");
  writeFileSync(join(w.home, ".profile"), "mine too\n");
  const g = await generation(w, { ".config/git/config": { text: "ours\n" }, ".profile": { text: "ours\n" }, "new.txt": { text: "n\n" } });
  assert.throws(
    () => activate(w, g),
    (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(
        e.message.split("\n\n")[0],
        `Existing file '/home/alice/.profile' would be clobbered\nExisting file '/home/alice/.config/git/config' would be clobbered`,
      );
      assert.match(e.message, /home-manager\.backupFileExtension/);
      return true;
    },
  );
  assert.equal(readFileSync(join(w.home, ".config/git/config"), "utf8"), "mine\n");
  assert.ok(!existsSync(join(w.home, "new.txt")), "nothing was linked");
  assert.ok(!existsSync(join(w.home, ".local")), "no profile was made");
});

test("an existing backup is never overwritten", async () => {
  const w = world();
  writeFileSync(join(w.home, ".gitconfig"), "mine\n");
  writeFileSync(join(w.home, ".gitconfig.bak"), "older\n");
  const g = await generation(w, { ".gitconfig": { text: "ours\n" } });
  assert.throws(() => activate(w, g, "bak"), /Existing file '\/home\/alice\/\.gitconfig\.bak' would be clobbered by backing up '\/home\/alice\/\.gitconfig'/);
  assert.equal(readFileSync(join(w.home, ".gitconfig.bak"), "utf8"), "older\n");
  assert.equal(readFileSync(join(w.home, ".gitconfig"), "utf8"), "mine\n");
});

test("an identical file in the way is kept", async () => {
  const w = world();
  writeFileSync(join(w.home, "same.txt"), "same\n");
  const g = await generation(w, { "same.txt": { text: "same\n" } });
  activate(w, g);
  assert.ok(!lstatSync(join(w.home, "same.txt")).isSymbolicLink());
  assert.ok(w.log.some((l) => l.includes("will be skipped since they are the same")));
});

test("a file dropped from the configuration loses its link and emptied directories; a replaced one is left", async () => {
  const w = world();
  const g1 = await generation(w, { "a/b/c.txt": { text: "c\n" }, "keep.txt": { text: "k\n" }, "mine.txt": { text: "m\n" } });
  activate(w, g1);
  writeFileSync(join(w.home, "mine.txt.tmp"), "user's own\n");
  const { renameSync } = await import("node:fs");
  renameSync(join(w.home, "mine.txt.tmp"), join(w.home, "mine.txt"));
  const g2 = await generation(w, { "keep.txt": { text: "k\n" } });
  activate(w, g2);
  assert.ok(!existsSync(join(w.home, "a")), "a/b/c.txt and its emptied directories are gone");
  assert.equal(readFileSync(join(w.home, "mine.txt"), "utf8"), "user's own\n");
  assert.ok(w.log.some((l) => l === "Path '/home/alice/mine.txt' does not link into a Home Manager generation. Skipping delete."));
  assert.equal(readlinkSync(join(w.home, ".local/state/nix/profiles/home-manager")), "home-manager-2-link");
});

test("onChange runs only when the file's content changed", async () => {
  const w = world();
  const onChange = 'echo changed >> "$HOME/changes.log"';
  const g1 = await generation(w, { "app.conf": { text: "v1\n", onChange } });
  activate(w, g1);
  const g2 = await generation(w, { "app.conf": { text: "v1\n", onChange }, "other.txt": { text: "o\n" } });
  activate(w, g2);
  const g3 = await generation(w, { "app.conf": { text: "v2\n", onChange } });
  activate(w, g3);
  assert.equal(readFileSync(join(w.home, "changes.log"), "utf8"), "changed\nchanged\n");
});

test("activating an older generation again brings back its files", async () => {
  const w = world();
  const g1 = await generation(w, { "one.txt": { text: "1\n" } });
  const g2 = await generation(w, { "two.txt": { text: "2\n" } });
  activate(w, g1);
  activate(w, g2);
  activate(w, g1);
  assert.equal(read(w, "one.txt"), "1\n");
  assert.ok(!existsSync(join(w.home, "two.txt")));
});

test("a symlink planted in the home never leads activation outside it", async () => {
  const w = world();
  const outside = mkdtempSync(join(tmpdir(), "sm-outside-"));
  symlinkSync(outside, join(w.home, ".config"));
  const g = await generation(w, { ".config/git/config": { text: "x\n" } });
  assert.throws(() => activate(w, g, "bak"), /Cannot manage '\/home\/alice\/\.config\/git\/config': its parent '\/\.config' is a symlink/);
  assert.deepEqual(readdirSync(outside), [], "nothing was written through the link");
});

test("user activation steps run after the write boundary, in order", async () => {
  const w = world();
  const g = await generation(w, {}, {
    activation: {
      second: { data: 'echo second >> "$HOME/steps.log"', after: ["first"] },
      first: { data: 'echo first >> "$HOME/steps.log"', after: ["writeBoundary"] },
    },
  });
  activate(w, g);
  assert.equal(readFileSync(join(w.home, "steps.log"), "utf8"), "first\nsecond\n");
  const order = w.log.filter((l) => l.startsWith("Activating ")).map((l) => l.slice(11));
  assert.ok(order.indexOf("writeBoundary") < order.indexOf("first") && order.indexOf("first") < order.indexOf("second"));
});
