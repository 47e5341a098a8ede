/**
 * The link record (src/activate/home/link-record.ts): a home activation
 * records the links it leaves in each large directory of targets, and the
 * next one answers those targets from it while the directory is unchanged.
 * A link changed behind the engine's back changes its directory, so it is
 * still repaired (removed: relinked) or reported (replaced by a file or a
 * foreign link: a collision, nothing changed). A record that lies about an
 * unchanged directory (as if something changed it while an activation ran)
 * never leads to a write over what is really there: a target about to be
 * written is looked at again. A kill at any write, the record's included,
 * converges when the activation runs again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeOf } from "./home-config.ts";
import { writeStorePath } from "../../src/store/write-store-path.ts";
import { STORE_DIR } from "../../src/store/store-path.ts";
import { activateHome } from "../../src/activate/home/activate-home.ts";
import { LINK_RECORD, RACY_MS, dirStamp, readLinkRecord, writeLinkRecord } from "../../src/activate/home/link-record.ts";
import { lookTargets, type Looked } from "../../src/activate/home/look-targets.ts";
import { RootFs, type RootFs as Fs } from "../../src/activate/root-fs.ts";
import { makeTree } from "../helpers/tree.ts";
import { crashEverywhere, HOME, own } from "./crash-home-scenarios.ts";
import { cloneTree, QuickFs } from "../activate/crash-harness.ts";

/** 20 files in d/ (one changed in `changed`), and one at the top. */
const files = (changed = -1) => ({
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d/f${i}`, { text: `file ${i}${i === changed ? " changed" : ""}\n`, executable: true }])),
  top: { text: "top\n" },
});

async function setup(t: { after: (fn: () => void) => void }, root = mkdtempSync(join(tmpdir(), "sm-link-record-"))) {
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const gen = async (f: Record<string, unknown>) => {
    const { content } = homeOf({ home: { stateVersion: "25.05", file: f } });
    for (const e of content.extra) await writeStorePath(root, e.name, e.tree);
    return writeStorePath(root, "home-manager-generation", content.tree);
  };
  const [a, b, c] = [await gen(files()), await gen(files(5)), await gen(files(6))];
  const home = join(root, HOME);
  // Offered a, as the system's activation offers the generation links stay in: only changed files are relinked.
  const activate = (generation: string) => activateIn(root, generation, new QuickFs(home), [a]);
  return { root, home, a, b, c, activate };
}

function activateIn(root: string, generation: string, homeFs: Fs, keepFrom: readonly string[]) {
  const home = join(root, HOME);
  return activateHome({
    storeDir: join(root, STORE_DIR),
    homeDir: home,
    generation,
    backupExtension: null,
    uid: undefined,
    env: { PATH: process.env.PATH },
    log: () => undefined,
    keepFrom,
    openFs: (dir: string) => (dir === home ? homeFs : new QuickFs(dir)),
  });
}

const TARGETS = Array.from({ length: 20 }, (_, i) => `d/f${i}`);

/** What lookTargets answers from the record for d/'s targets. */
function answered(home: string): Set<string> {
  const fs = new RootFs(home);
  const seen: Looked = { dirs: new Map(), fromRecord: new Set() };
  lookTargets(fs, TARGETS, undefined, readLinkRecord(fs), seen);
  return seen.fromRecord;
}

test("an activation records d/'s links; the next answers them from the record and links what changed", async (t) => {
  const { root, home, a, b, activate } = await setup(t, makeTree({ [`${HOME}/.keep`]: "" }));
  activate(a);
  const record = readLinkRecord(new RootFs(home));
  assert.equal(record.dirs.get("d")?.stamp, dirStamp(join(home, "d")), "the record holds d/ as it is now");
  assert.equal(answered(home).size, 20, "every target of d/ is answered from the record");
  const plan = activate(b);
  assert.deepEqual(plan.steps.map((s) => `${s.op} ${s.target}`), ["link d/f5"]);
  assert.equal(readlinkSync(join(home, "d/f4")), `${a}/home-files/d/f4`, "an unchanged file's link is left where it was");
  assert.equal(readlinkSync(join(home, "d/f5")), `${b}/home-files/d/f5`);
  assert.equal(readFileSync(join(root, readlinkSync(join(home, "d/f5"))), "utf8"), "file 5 changed\n");
  assert.deepEqual(activate(b).steps, [], "switch twice: an empty plan, the second from the record");
  assert.equal(answered(home).size, 20);
});

test("a link removed behind the engine's back is relinked by the next activation, record or not", async (t) => {
  const { home, a, c, activate } = await setup(t, makeTree({ [`${HOME}/.keep`]: "" }));
  activate(a);
  unlinkSync(join(home, "d/f3"));
  assert.equal(answered(home).size, 0, "d/ changed: nothing is answered from the record");
  const plan = activate(c);
  assert.ok(plan.steps.some((s) => s.op === "link" && s.target === "d/f3"), "the removed link is made again");
  assert.equal(readlinkSync(join(home, "d/f3")), `${c}/home-files/d/f3`);
});

test("a link replaced behind the engine's back by a file or a foreign link is reported, and nothing changes", async (t) => {
  const { home, a, c, activate } = await setup(t, makeTree({ [`${HOME}/.keep`]: "" }));
  activate(a);
  unlinkSync(join(home, "d/f3"));
  writeFileSync(join(home, "d/f3"), "mine\n");
  assert.throws(() => activate(c), /Existing file '.*d\/f3' would be clobbered/);
  assert.equal(readFileSync(join(home, "d/f3"), "utf8"), "mine\n");
  unlinkSync(join(home, "d/f3"));
  symlinkSync("/elsewhere", join(home, "d/f3"));
  assert.throws(() => activate(c), /d\/f3' would be clobbered/);
  assert.equal(readlinkSync(join(home, "d/f3")), "/elsewhere");
  assert.equal(readlinkSync(join(home, "d/f6")), `${a}/home-files/d/f6`, "nothing was changed");
});

test("a record that lies about an unchanged directory never leads to a write over what is there", async (t) => {
  const { home, a, b, c, activate } = await setup(t, makeTree({ [`${HOME}/.keep`]: "" }));
  activate(a);
  // As if a file had replaced d/f5 and d/f6 while an activation ran: the record, stamped after, still says they are links.
  const record = JSON.parse(readFileSync(join(home, LINK_RECORD), "utf8"));
  for (const f of ["f5", "f6"]) {
    unlinkSync(join(home, "d", f));
    writeFileSync(join(home, "d", f), `mine ${f}\n`);
  }
  await new Promise((r) => setTimeout(r, 60));
  record.dirs.d.stamp = dirStamp(join(home, "d"));
  writeFileSync(join(home, LINK_RECORD), JSON.stringify(record));
  assert.equal(answered(home).size, 20, "the forged record is believed");
  // b changes d/f5: it is looked at before being replaced, and the activation is planned again from a full look.
  assert.throws(() => activate(b), /Existing file '.*d\/f5' would be clobbered/);
  assert.equal(readFileSync(join(home, "d/f5"), "utf8"), "mine f5\n");
  assert.equal(readFileSync(join(home, "d/f6"), "utf8"), "mine f6\n");
  assert.throws(() => activate(c), /d\/f5' would be clobbered/);
  assert.equal(readFileSync(join(home, "d/f6"), "utf8"), "mine f6\n");
});

test("a one-file change killed at any write, the record's included, converges when run again", async (t) => {
  // The crash loop checks that the user's own files are never lost.
  const { root, a, b } = await setup(t, makeTree(own));
  const gen = (g: string) => (r: string, homeFs: Fs) => void activateIn(r, g, homeFs, [a]);
  const template = cloneTree(root);
  t.after(() => rmSync(template, { recursive: true, force: true }));
  gen(a)(template, new QuickFs(join(template, HOME)));
  assert.ok(readLinkRecord(new RootFs(join(template, HOME))).dirs.has("d"));
  // The record's stamps differ from run to run: the links are compared, and what the record answers must be what is there.
  const writes = crashEverywhere(template, gen(b), [gen(b)], {
    skip: ["/.local/state/system-manager"],
    check: (r) => {
      const fs = new RootFs(join(r, HOME));
      const seen: Looked = { dirs: new Map(), fromRecord: new Set() };
      const fromRecord = lookTargets(fs, TARGETS, undefined, readLinkRecord(fs), seen);
      assert.ok(seen.fromRecord.size > 0, "the converged home's record is used");
      assert.deepEqual(fromRecord, lookTargets(fs, TARGETS), "the record answers what is there");
    },
  });
  assert.ok(writes > 3);
});

test("a directory is recorded only once its last change is RACY_MS old, and one changed meanwhile is left out", (t) => {
  const root = makeTree({ "home/x/.keep": "" });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, "home/x");
  for (const d of ["calm", "busy"]) mkdirSync(join(home, d));
  symlinkSync("/s/a", join(home, "calm/l"));
  const waits: number[] = [];
  const dirs = new Map(["calm", "busy"].map((d) => [d, join(home, d)]));
  writeLinkRecord(new RootFs(home), dirs, () => "/s/a", (ms) => {
    waits.push(ms);
    writeFileSync(join(home, "busy/new"), "");
    const until = Date.now() + ms;
    while (Date.now() < until);
  });
  assert.equal(waits.length, 1, "just made: the record waits for the directories' ctimes to age");
  assert.ok((waits[0] as number) <= RACY_MS + 1);
  const record = readLinkRecord(new RootFs(home));
  assert.deepEqual([...record.dirs.keys()], ["calm"], "busy changed while waiting: left out");
  assert.equal(record.dirs.get("calm")?.stamp, dirStamp(join(home, "calm")));
});
