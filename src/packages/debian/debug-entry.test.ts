import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readElf } from "./elf.ts";
import { runpathInPlaceOfDebug } from "./debug-entry.ts";

const DT_DEBUG = 21n;
const DT_RUNPATH = 29n;
const host = "/usr/bin/true";
const hasDebug = readElf(host)?.dynamicEntries?.tags.includes(DT_DEBUG) === true;

test("a program's DT_DEBUG entry becomes an empty DT_RUNPATH in place, once; the program still runs", { skip: hasDebug ? undefined : `${host} has no DT_DEBUG entry here` }, () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-debug-entry-"));
  try {
    const file = join(dir, "true");
    copyFileSync(host, file);
    const before = readElf(file);
    assert.ok(before?.dynamicEntries !== undefined);
    const size = readFileSync(file).length;
    assert.equal(runpathInPlaceOfDebug(file, before), true);
    const after = readElf(file);
    const tags = after?.dynamicEntries?.tags ?? [];
    assert.equal(tags.length, before.dynamicEntries.tags.length);
    assert.equal(tags[before.dynamicEntries.tags.indexOf(DT_DEBUG)], DT_RUNPATH);
    assert.ok(!tags.includes(DT_DEBUG));
    assert.deepEqual(after?.runpath, [], "the RUNPATH is the empty string");
    assert.equal(readFileSync(file).length, size);
    assert.equal(spawnSync(file).status, 0);
    assert.equal(runpathInPlaceOfDebug(file, after as NonNullable<typeof after>), false, "a file with a RUNPATH is left alone");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
