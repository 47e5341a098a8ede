/**
 * lookTargets (a directory at a time) gives, for every target, what
 * looking at each on its own (`entry`) gives: on random homes of links,
 * files, directories, FIFOs, missing names, files and links standing
 * where a directory is expected, and directory links, whatever the
 * threshold from which a directory is listed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RootFs } from "../root-fs.ts";
import { lookTargets, tryEntry } from "./look-targets.ts";

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHome(home: string, seed: number): string[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const dirs = ["", "a", "a/b", "c", "gone", "gone/deeper", "file", "link", "fifo"];
  mkdirSync(join(home, "a/b"), { recursive: true });
  mkdirSync(join(home, "c"));
  writeFileSync(join(home, "file"), "x");
  symlinkSync("a", join(home, "link"));
  execFileSync("mkfifo", [join(home, "fifo")]);
  const targets: string[] = [];
  for (let i = 0; i < 120; i++) {
    const dir = pick(dirs);
    const t = dir === "" ? `t${i}` : `${dir}/t${i}`;
    targets.push(t);
    const host = join(home, t);
    if (!["", "a", "a/b", "c"].includes(dir)) continue;
    const kind = pick(["absent", "link", "link", "file", "dir", "fifo"]);
    if (kind === "link") symlinkSync(rnd() < 0.5 ? `/store/x-home-manager-generation/home-files/${t}` : "elsewhere", host);
    else if (kind === "file") writeFileSync(host, String(i));
    else if (kind === "dir") mkdirSync(host);
    else if (kind === "fifo") execFileSync("mkfifo", [host]);
  }
  return targets;
}

test("looking a directory at a time gives what looking at each target gives", (t) => {
  for (let seed = 1; seed <= 6; seed++) {
    const home = mkdtempSync(join(tmpdir(), "sm-look-"));
    t.after(() => rmSync(home, { recursive: true, force: true }));
    const targets = randomHome(home, seed);
    const one = new Map(targets.map((x) => [x, tryEntry(new RootFs(home), x)]));
    for (const listFrom of [1, 2, 16, Infinity]) {
      assert.deepEqual(lookTargets(new RootFs(home), targets, listFrom), one, `seed ${seed}, listed from ${listFrom} targets`);
    }
    assert.ok([...one.values()].some((o) => o?.kind === "symlink") && [...one.values()].some((o) => o === undefined), "the home has links and targets that cannot be looked at");
  }
});
