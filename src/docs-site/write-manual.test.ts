/**
 * Writing the manual's directory: a new one, one written before (replaced
 * whole), and what is refused before anything is written (a directory
 * that is not ours, a file, a symbolic link), in temporary directories.
 */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { UserError } from "../diagnostics/user-error.ts";
import { MANUAL_MARKER } from "./manual-site.ts";
import { writeManual } from "./write-manual.ts";

const files = (v: string) => new Map([["index.html", `<p>${v}</p>\n`], [MANUAL_MARKER, "ours\n"]]);

test("a new manual directory is written whole, readable by all, with nothing left beside it", () => {
  const parent = mkdtempSync(join(tmpdir(), "manual-"));
  const out = join(parent, "deep", "manual");
  writeManual(out, files("one"));
  assert.deepEqual(readdirSync(out).sort(), [MANUAL_MARKER, "index.html"]);
  assert.equal(statSync(out).mode & 0o777, 0o755);
  assert.deepEqual(readdirSync(join(parent, "deep")), ["manual"]);
});

test("a manual written before is replaced whole: its other files go", () => {
  const parent = mkdtempSync(join(tmpdir(), "manual-"));
  const out = join(parent, "manual");
  writeManual(out, files("one"));
  writeFileSync(join(out, "guide-old.html"), "old\n");
  writeManual(out, files("two"));
  assert.deepEqual(readdirSync(out).sort(), [MANUAL_MARKER, "index.html"]);
  assert.equal(readFileSync(join(out, "index.html"), "utf8"), "<p>two</p>\n");
  assert.deepEqual(readdirSync(parent), ["manual"]);
});

test("a directory that is not a manual, a file or a symbolic link is refused, and left as it was", () => {
  const parent = mkdtempSync(join(tmpdir(), "manual-"));
  const foreign = join(parent, "docs");
  mkdirSync(foreign);
  writeFileSync(join(foreign, "index.html"), "mine\n");
  assert.throws(() => writeManual(foreign, files("x")), (e: unknown) => e instanceof UserError && /^Refusing to write the manual into .*docs: the directory exists and is not a manual system-manager wrote \(it has no \.system-manager-manual\); remove it or choose another directory with --out DIR$/.test(e.message));
  assert.deepEqual(readdirSync(foreign), ["index.html"]);
  assert.equal(readFileSync(join(foreign, "index.html"), "utf8"), "mine\n");
  const file = join(parent, "file");
  writeFileSync(file, "x");
  assert.throws(() => writeManual(file, files("x")), /it exists and is not a directory/);
  const link = join(parent, "link");
  writeManual(join(parent, "real"), files("x"));
  symlinkSync(join(parent, "real"), link);
  assert.throws(() => writeManual(link, files("y")), /it is a symbolic link/);
  assert.deepEqual(readdirSync(parent).sort(), ["docs", "file", "link", "real"]);
});

test("a directory the manual cannot be written in is a user error naming it", { skip: process.getuid?.() === 0 ? "root may write anywhere" : undefined }, () => {
  const parent = mkdtempSync(join(tmpdir(), "manual-"));
  chmodSync(parent, 0o555);
  try {
    assert.throws(() => writeManual(join(parent, "manual"), files("x")), (e: unknown) => e instanceof UserError && /^Cannot write the manual to .*manual: EACCES/.test(e.message));
  } finally {
    chmodSync(parent, 0o755);
  }
});
