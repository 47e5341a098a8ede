/**
 * The evaluation cache keeps several configurations of one invocation
 * (cache-file.ts's ENTRIES_PER_KEY): a change undone is answered by the
 * entry from before it; the entries least recently used (written or
 * answering) go first, with what is noted beside them; a damaged entry
 * does not keep the others from answering.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeIO } from "../../nix/io.ts";
import { writeStorePath } from "../../store/write-store-path.ts";
import { STORE_DIR } from "../../store/store-path.ts";
import { cachedBuild } from "./cached-build.ts";
import { CacheFiles, ENTRIES_PER_KEY } from "./cache-file.ts";
import { invocationKey } from "./invocation-key.ts";

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "sm-entries-per-key-"));
  const input = join(dir, "input.txt");
  let builds = 0;
  const invocation = { kind: "test", config: { file: input }, root: dir, impure: false, offline: false, system: "x86_64-linux", env: {} };
  /** Builds with the input holding `text`: the generation is that text. */
  const build = (text: string) => {
    writeFileSync(input, text);
    return cachedBuild({ root: dir, invocation, lookup: true, store: true, stderr: () => {} }, async () => {
      builds++;
      return writeStorePath(dir, "generation", new Map([["", { kind: "file", content: nodeIO.readFile(input), executable: false }]]));
    });
  };
  const cacheDir = new CacheFiles(dir).dir;
  const files = (suffix: string) => readdirSync(cacheDir).filter((n) => n.endsWith(suffix));
  const newest = () => new CacheFiles(dir).entriesOf(invocationKey(invocation).hash)[0] as string;
  const entryName = (generation: string) => CacheFiles.entryName(invocationKey(invocation).hash, generation);
  return { dir, build, builds: () => builds, files, cacheDir, newest, entryName };
}

test("a change undone, and undone again, is answered by the entry from before it", async (t) => {
  const s = setup();
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const one = await s.build("one");
  const two = await s.build("two");
  assert.equal(s.builds(), 2);
  assert.equal(await s.build("one"), one);
  assert.equal(await s.build("two"), two);
  assert.equal(await s.build("one"), one);
  assert.equal(s.builds(), 2, "both configurations answered from the cache");
  assert.equal(s.files(".json").length, 2);
});

test(`an invocation keeps its ${ENTRIES_PER_KEY} configurations most recently built or answered, and their notes only`, async (t) => {
  const s = setup();
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const texts = Array.from({ length: ENTRIES_PER_KEY }, (_, i) => `config ${i}`);
  const generations: string[] = [];
  for (const text of texts) generations.push(await s.build(text));
  // The store directory settled (closure-seen.ts notes only a settled one), so that each hit writes its note.
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(join(s.dir, STORE_DIR), minuteAgo, minuteAgo);
  // Each answered once (noting its closure seen), the first last: the second is then the least recently used.
  for (const text of [...texts.slice(1), texts[0] as string]) await s.build(text);
  assert.equal(s.builds(), ENTRIES_PER_KEY);
  const note = (generation: string) => `${s.entryName(generation)}.store`;
  assert.deepEqual(s.files(".store").sort(), generations.map(note).sort(), "every entry answered has its note");
  await s.build("one more");
  assert.equal(s.builds(), ENTRIES_PER_KEY + 1);
  assert.equal(s.files(".json").length, ENTRIES_PER_KEY);
  assert.ok(s.files(".store").length <= ENTRIES_PER_KEY, "the note of the entry removed went with it");
  assert.deepEqual(s.files(".store").sort(), generations.filter((_, i) => i !== 1).map(note).sort(), "only the removed entry's note is gone");
  await s.build(texts[0] as string);
  assert.equal(s.builds(), ENTRIES_PER_KEY + 1, "the first, answered last, was kept");
  await s.build(texts[1] as string);
  assert.equal(s.builds(), ENTRIES_PER_KEY + 2, "the second, least recently used, was not");
});

test("a damaged entry is passed over: another of the invocation still answers, and the damaged one is written again when built", async (t) => {
  const s = setup();
  t.after(() => rmSync(s.dir, { recursive: true, force: true }));
  const one = await s.build("one");
  await s.build("two");
  writeFileSync(join(s.cacheDir, `${s.newest()}.json`), "{ torn");
  assert.equal(await s.build("one"), one);
  assert.equal(s.builds(), 2, "the entry for one answered past the damaged one");
  await s.build("two");
  await s.build("two");
  assert.equal(s.builds(), 3, "two was built again once, and its entry replaced");
});
