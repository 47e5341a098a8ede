/**
 * Links of unchanged files left in an older generation (home-roots.ts).
 * A home activation offered an older generation (`keepFrom`) leaves the
 * links of files the new generation has unchanged in it and relinks the
 * rest; the home then reads exactly as one relinked in full (the fast
 * path gives the slow one's result), switching twice plans nothing, and a
 * rollback gives back the tree we started with. Through the system's
 * activation, the generations links stay in are gc roots, offered to the
 * next activation, and dropped once no link stays in them; gc keeps them.
 * The files here are executable texts, which have home-files entries (a
 * text file that is not executable is linked straight to its text path,
 * the same in every generation: home-generation.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { inStoreSession } from "../../src/store/store-session.ts";
import { writeStorePaths } from "../../src/store/write-store-paths.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { HOME_ROOTS, keptLine } from "../../src/activate/home/home-roots.ts";
import { activate } from "../../src/activate/activate.ts";
import { collectGarbage } from "../../src/packages/gc.ts";
import { homeManagerModule } from "../../src/modules/system/home-manager.ts";
import { makeTree, isRoot } from "../helpers/tree.ts";
import { build, seedSystem, world } from "../helpers/system.ts";

const files = (changed: number, without = -1) =>
  Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`d${i % 3}/f${i}`, { text: `file ${i}${i === changed ? " changed" : ""}\n`, executable: true }]).filter((_, i) => i !== without));

async function setup(t: { after: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), "sm-home-kept-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const gen = async (f: Record<string, unknown>) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: f } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", content.tree);
  };
  const a = await gen(files(-1));
  const b = await gen({ ...files(5, 7), "d0/new": { text: "new\n" } });
  const log: string[] = [];
  const activateIn = (home: string, generation: string, keepFrom?: string[], generationNumber?: number) =>
    activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: (l) => log.push(l), keepFrom, generationNumber });
  const home = (name: string) => {
    const h = join(root, "home", name);
    mkdirSync(h, { recursive: true });
    return h;
  };
  return { root, a, b, log, activateIn, home };
}

/** Every link under the home's managed directories, and the text it leads to. */
function tree(root: string, home: string, links = true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of ["d0", "d1", "d2"]) {
    for (const n of readdirSync(join(home, d)).sort()) {
      const p = join(home, d, n);
      const to = readlinkSync(p);
      out[`${d}/${n}`] = (links ? `${to} ` : "") + readFileSync(join(root, to), "utf8");
    }
  }
  return out;
}

test("links of unchanged files stay in an offered older generation; the home reads as one relinked in full", async (t) => {
  const { root, a, b, log, activateIn, home } = await setup(t);
  const lazy = home("lazy");
  const full = home("full");
  activateIn(lazy, a);
  activateIn(full, a);
  const started = tree(root, lazy);
  const plan = activateIn(lazy, b, [a]);
  assert.deepEqual(plan.steps.map((s) => `${s.op} ${s.target}`).sort(), ["link d0/new", "link d2/f5", "remove d1/f7"]);
  assert.deepEqual([...plan.keptIn], [a]);
  assert.ok(log.includes(keptLine(a)));
  assert.equal(readlinkSync(join(lazy, "d0/f0")), `${a}/home-files/d0/f0`, "an unchanged file's link is left in the older generation");
  assert.equal(readlinkSync(join(lazy, "d2/f5")), `${b}/home-files/d2/f5`);

  assert.equal(activateIn(full, b).steps.filter((s) => s.op === "link").length, 24, "without keepFrom every file is relinked, as before");
  assert.deepEqual(tree(root, lazy, false), tree(root, full, false), "both homes read the same");

  assert.deepEqual(activateIn(lazy, b, [a]).steps, [], "switch twice: an empty plan");
  activateIn(lazy, a, [b], 1);
  assert.deepEqual(tree(root, lazy), started, "switch then rollback: the tree we started with");
});

test("a link into a generation not offered is relinked", async (t) => {
  const { a, b, activateIn, home } = await setup(t);
  const h = home("alice");
  activateIn(h, a);
  const plan = activateIn(h, b, []);
  assert.equal(plan.keptIn.size, 0);
  assert.equal(readlinkSync(join(h, "d0/f0")), `${b}/home-files/d0/f0`);
});

const skip = isRoot ? false : "needs root (homes owned by alice)";
const config = (f: Record<string, unknown>) => ({ ...seedSystem, "home-manager": { users: { alice: { home: { stateVersion: "24.05", file: f } } } } });

test("the system's activation roots the generations links stay in, offers them next time, and drops them once unused; gc keeps them", { skip }, async () => {
  const root = makeTree({});
  const roots = () => readdirSync(join(root, HOME_ROOTS, "alice")).sort();
  const homeGen = (link: string) => readlinkSync(join(root, "home/alice", link)).replace(/\/home-files\/.*$/, "");
  const one = await build(root, [homeManagerModule, config({ "a.txt": { text: "a\n", executable: true }, "b.txt": { text: "b\n", executable: true } })]);
  await activate(world(root), { storePath: one }, false);
  const first = homeGen("a.txt");
  assert.deepEqual(roots(), [first.slice(STORE_DIR.length + 1)]);

  const two = await build(root, [homeManagerModule, config({ "a.txt": { text: "a\n", executable: true }, "b.txt": { text: "b changed\n", executable: true } })]);
  const w = world(root);
  await activate(w, { storePath: two }, false);
  const second = homeGen("b.txt");
  assert.equal(homeGen("a.txt"), first, "the unchanged file's link stays in the first generation");
  assert.deepEqual(roots(), [first, second].map((g) => g.slice(STORE_DIR.length + 1)).sort());
  assert.ok(!w.lines.some((l) => l.includes(keptLine(first))), "the report is read, not shown");

  const three = await build(root, [homeManagerModule, config({ "a.txt": { text: "a changed\n", executable: true }, "b.txt": { text: "b changed\n", executable: true } })]);
  await activate(world(root), { storePath: three }, false);
  const third = homeGen("a.txt");
  assert.equal(homeGen("b.txt"), second);
  assert.deepEqual(roots(), [second, third].map((g) => g.slice(STORE_DIR.length + 1)).sort(), "no link stays in the first generation: its root is dropped");

  for (const n of ["system-1-link", "system-2-link"]) rmSync(join(root, "var/lib/system-manager/profiles", n));
  const gc = collectGarbage(root, { dryRun: false });
  assert.ok(gc.dead.includes(first.slice(STORE_DIR.length + 1)), "the first generation, no longer rooted, is collected");
  assert.ok(lstatSync(join(root, second, "home-files/b.txt")).isFile(), "gc keeps the generation a link stays in");
});

test("the same file is told from both generations' home.json: links stay when the texts agree though the entries are two inodes; a changed executable bit is relinked", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-home-kept-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const f = (exec: boolean) => ({ "a.txt": { text: "a\n", executable: true }, "b.sh": { text: "echo b\n", executable: exec } });
  const first = homeOf({ home: { stateVersion: "25.05", file: f(false) } }).content;
  for (const e of first.extra) await writeStorePath(root, e.name, e.tree);
  const a = await writeStorePath(root, "home-manager-generation", first.tree);
  // Written without its text paths, from buffers of its own: nothing to link from, so its files are new inodes.
  const own = [...homeOf({ home: { stateVersion: "25.05", file: f(true) } }).content.tree].map(([k, e]) => [k, e.kind === "file" ? { ...e, content: Buffer.from(e.content) } : e] as const);
  const b = await writeStorePath(root, "home-manager-generation", new Map(own));
  assert.notEqual(lstatSync(join(root, a, "home-files/a.txt")).ino, lstatSync(join(root, b, "home-files/a.txt")).ino);
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const activateIn = (generation: string, keepFrom?: string[]) => activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: () => undefined, keepFrom });
  activateIn(a);
  const plan = activateIn(b, [a]);
  assert.deepEqual(plan.steps.map((s) => `${s.op} ${s.target}`), ["link b.sh"]);
  assert.equal(readlinkSync(join(home, "a.txt")), `${a}/home-files/a.txt`);
  assert.equal(readlinkSync(join(home, "b.sh")), `${b}/home-files/b.sh`);
});

test("links stay only in a generation holding an eighth of the home's links: the one link a change left elsewhere is relinked, so its root goes", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-home-kept-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const gen = async (f: Record<string, unknown>) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: f } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", content.tree);
  };
  // b changes f5 and f9; c reverts f9 and changes f1: f5 is the same in b and c.
  const [a, b, c] = [await gen(files(-1)), await gen({ ...files(5), "d0/f9": { text: "file 9 changed\n", executable: true } }), await gen({ ...files(1), "d2/f5": { text: "file 5 changed\n", executable: true } })];
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const activateIn = (generation: string, keepFrom?: string[]) => activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: () => undefined, keepFrom });
  activateIn(a);
  activateIn(b, [a]);
  assert.equal(readlinkSync(join(home, "d2/f5")), `${b}/home-files/d2/f5`);
  const plan = activateIn(c, [a, b]);
  assert.deepEqual([...plan.keptIn], [a], "b holds 2 of 24 links: none stays in it");
  assert.equal(readlinkSync(join(home, "d2/f5")), `${c}/home-files/d2/f5`, "f5, the same in b and c, is relinked");
  assert.equal(readlinkSync(join(home, "d0/f0")), `${a}/home-files/d0/f0`);
  assert.deepEqual(plan.steps.filter((s) => s.op === "link").map((s) => s.target).sort(), ["d0/f9", "d1/f1", "d2/f5"]);
});

test("text files link straight to their text paths: a one-file change relinks that file alone, with no older generation to keep links in; twice plans nothing; rollback gives the tree back", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-home-kept-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const texts = (changed: number) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`d${i % 3}/f${i}`, { text: `file ${i}${i === changed ? " changed" : ""}\n` }]));
  const gen = async (f: Record<string, unknown>) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: f } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", content.tree);
  };
  const [a, b] = [await gen(texts(-1)), await gen(texts(4))];
  assert.deepEqual(readdirSync(join(root, b)), ["home.json"], "no home-files: every file is linked straight");
  const home = join(root, "home/alice");
  mkdirSync(home, { recursive: true });
  const activateIn = (generation: string, generationNumber?: number) =>
    activateHome({ storeDir: join(root, STORE_DIR), homeDir: home, generation, backupExtension: null, uid: undefined, env: { PATH: process.env.PATH }, log: () => undefined, keepFrom: [], generationNumber });
  activateIn(a);
  const started = tree(root, home);
  const plan = activateIn(b);
  assert.deepEqual(plan.steps.map((s) => `${s.op} ${s.target}`), ["link d1/f4"]);
  assert.equal(plan.keptIn.size, 0);
  assert.equal(tree(root, home, false)["d1/f4"], "file 4 changed\n");
  assert.deepEqual(activateIn(b).steps, [], "switch twice: an empty plan");
  activateIn(a, 1);
  assert.deepEqual(tree(root, home), started, "switch then rollback: the tree we started with");
});

test("the store shares an unchanged home-files entry between generations: a text under systemd/user is one inode with its text path in both", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "sm-home-kept-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const gen = async (other: string) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: { ".config/systemd/user/u.service": { text: "[Service]\nExecStart=/bin/true\n" }, "other.txt": { text: other } } } });
    const written = await inStoreSession(() => writeStorePaths(root, [...content.extra, { name: "home-manager-generation", tree: content.tree }]));
    return written[written.length - 1] as string;
  };
  const [a, b] = [await gen("one\n"), await gen("two\n")];
  assert.notEqual(a, b);
  const unit = ".config/systemd/user/u.service";
  assert.equal(lstatSync(join(root, a, "home-files", unit)).ino, lstatSync(join(root, b, "home-files", unit)).ino, "the store shares unchanged files between generations");
});
