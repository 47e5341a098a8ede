/**
 * closure-seen.ts through cachedBuild: once a hit found an entry's
 * closure whole in a settled store directory (dir-stamp.ts), the next hit does
 * not look the names up while the directory is as it was (its inode and
 * mtime); a path leaving the store changes the directory, and the build
 * runs again. A note others may write is not read; a lookup that may not
 * store (a dry run) writes none.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeIO } from "../../nix/io.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { writeStorePath } from "../../store/write-store-path.ts";
import { cachedBuild, type CachedBuildRequest } from "./cached-build.ts";
import { CacheFiles } from "./cache-file.ts";
import { invocationKey } from "./invocation-key.ts";

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "sm-closure-seen-"));
  const input = join(dir, "input.txt");
  writeFileSync(input, "one");
  let builds = 0;
  const invocation = { kind: "test", config: { file: input }, root: dir, impure: false, offline: false, system: "x86_64-linux", env: {} };
  const req = (over: Partial<CachedBuildRequest> = {}): CachedBuildRequest => ({ root: dir, invocation, lookup: true, store: true, stderr: () => {}, ...over });
  // The generation names a second store path, which is in its closure.
  const file = (text: string) => new Map([["", { kind: "file" as const, content: Buffer.from(text), executable: false }]]);
  let dep = "";
  const build = (over?: Partial<CachedBuildRequest>) =>
    cachedBuild(req(over), async () => {
      builds++;
      dep = await writeStorePath(dir, "dep", file("dep"));
      return writeStorePath(dir, "generation", file(`${nodeIO.readFile(input).toString()} ${dep}`));
    });
  const store = join(dir, STORE_DIR);
  const minuteAgo = new Date(Date.now() - 60_000);
  // The store directory as it was a minute ago: settled, and put back so after a removal.
  const settle = () => utimesSync(store, minuteAgo, minuteAgo);
  // Beside the entry of the generation built.
  const note = (generation: string) => join(new CacheFiles(dir).dir, `${CacheFiles.entryName(invocationKey(invocation).hash, generation)}.store`);
  return { dir, build, builds: () => builds, dep: () => dep, settle, note };
}

test("while the store directory is as it was when a hit found the closure whole, the names are not looked up; a path leaving it builds again", async (t) => {
  const s = setup();
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const path = await s.build();
  s.settle();
  assert.equal(await s.build(), path);
  assert.ok(existsSync(s.note(path)), "the hit noted the store it found the closure in");
  // Gone, with the directory put back as noted: only a changed directory makes the names be looked up.
  rmSync(join(s.dir, s.dep()));
  s.settle();
  assert.equal(await s.build(), path);
  assert.equal(s.builds(), 1);
  const ino = statSync(join(s.dir, STORE_DIR)).ino;
  writeFileSync(join(s.dir, STORE_DIR, "unrelated"), "x");
  assert.equal(statSync(join(s.dir, STORE_DIR)).ino, ino);
  assert.equal(await s.build(), path);
  assert.equal(s.builds(), 2, "the directory changed: the missing path was seen and built again");
});

test("a note others may write is not read, and a dry run's lookup writes none", async (t) => {
  const s = setup();
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const path = await s.build();
  s.settle();
  await s.build({ store: false });
  assert.equal(existsSync(s.note(path)), false, "a lookup that may not store writes nothing");
  await s.build();
  chmodSync(s.note(path), 0o666);
  rmSync(join(s.dir, s.dep()));
  s.settle();
  await s.build();
  assert.equal(s.builds(), 2, "the untrusted note was not read: the missing path was seen");
});

test("a hit whose closure is known to be in the store does not read the entry's names; one that must look them up and cannot read them builds", async (t) => {
  const s = setup();
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const path = await s.build();
  s.settle();
  await s.build();
  assert.ok(existsSync(s.note(path)));
  // The names after the entry's first line cut short: not read while the note holds.
  const entry = s.note(path).replace(/\.store$/, ".json");
  const text = readFileSync(entry, "utf8");
  writeFileSync(entry, text.slice(0, -2));
  assert.equal(await s.build(), path);
  assert.equal(s.builds(), 1, "answered from the entry's first line");
  // The store changed since the note: the names must be looked up, and a closure not whole is no answer.
  writeFileSync(join(s.dir, STORE_DIR, "unrelated"), "x");
  assert.equal(await s.build(), path);
  assert.equal(s.builds(), 2);
  assert.equal(readFileSync(entry, "utf8"), text, "written whole again");
});

test("what a build stored is noted once the store has settled (as switch does after activating): the next hit does not look its closure up", async (t) => {
  const { noteBuiltClosures } = await import("./cached-build.ts");
  const s = setup();
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const path = await s.build();
  // The store as if written this instant (its mtime ahead of the clock): not settled.
  const ahead = new Date(Date.now() + 60_000);
  utimesSync(join(s.dir, STORE_DIR), ahead, ahead);
  noteBuiltClosures();
  assert.equal(existsSync(s.note(path)), false, "not settled, nothing noted");
  // Built again (the input changed), then back: each a build; the store settled before the notes are written.
  writeFileSync(join(s.dir, "input.txt"), "two");
  const other = await s.build();
  s.settle();
  noteBuiltClosures();
  assert.ok(existsSync(s.note(other)), "noted once settled");
  // A closure not whole when the note is to be written is not noted.
  writeFileSync(join(s.dir, "input.txt"), "three");
  const third = await s.build();
  rmSync(join(s.dir, s.dep()));
  s.settle();
  noteBuiltClosures();
  assert.equal(existsSync(s.note(third)), false, "a path of the closure is gone: no note");
  // The noted entry answers without looking its names up, while the store is as it was.
  writeFileSync(join(s.dir, "input.txt"), "two");
  s.settle();
  assert.equal(await s.build(), other);
  assert.equal(s.builds(), 3, "answered from the note: the missing path was not looked for");
});
