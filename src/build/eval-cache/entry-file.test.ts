/**
 * entry-file.ts: an entry's first line is its head, read without the
 * closure after it; the closure is read when asked for, and only when
 * that part is whole. A head longer than one read, a file with no whole
 * first line or one that does not parse, and a file found untrusted are
 * handled as the cache needs (no entry); a FIFO in its place does not
 * block the reader.
 */
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closureOfText, entryText, readEntryFile } from "./entry-file.ts";

const names = ["0123456789abcdfghijklmnpqrsvwxyz-generation", "abcdfghijklmnpqrsvwxyz0123456789-hm_f-0"];
const trusted = () => undefined;

function scratch(t: { after: (f: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-entry-file-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("an entry's text is its head's JSON on one line, then one store name a line; the closure part parses back", () => {
  const text = entryText({ format: 2, note: "a → b" }, names);
  assert.equal(text, `{"format":2,"note":"a → b"}\n${names[0]}\n${names[1]}\n`);
  assert.deepEqual(closureOfText(text), names);
  assert.deepEqual(closureOfText(entryText({}, [])), []);
  assert.equal(closureOfText(text.slice(0, -1)), undefined, "the last name cut short");
  assert.equal(closureOfText(`{}\n${names[0]}\n\n`), undefined, "an empty name");
  assert.equal(closureOfText("{}"), undefined, "no first line");
});

test("the head is read and parsed alone; the closure is read from the file when first asked for, then kept", (t) => {
  const file = join(scratch(t), "e.json");
  const head = { format: 2, deps: ["x".repeat(40_000)], note: "é" };
  writeFileSync(file, entryText(head, names));
  const read = readEntryFile(file, trusted);
  assert.deepEqual(read?.head, head, "a head longer than one read of the file");
  // The names after the head were not read yet: those in the file when asked for are the answer.
  writeFileSync(file, entryText(head, [names[1] as string]));
  assert.deepEqual(read?.closure(), [names[1]]);
  writeFileSync(file, entryText(head, names));
  assert.deepEqual(read?.closure(), [names[1]], "read once");
});

test("a closure part not whole, or a file whose head is no longer the one read, gives no closure; the head still reads", (t) => {
  const file = join(scratch(t), "e.json");
  writeFileSync(file, entryText({ format: 2 }, names).slice(0, -3));
  const read = readEntryFile(file, trusted);
  assert.deepEqual(read?.head, { format: 2 });
  assert.equal(read?.closure(), undefined);
  writeFileSync(file, entryText({ format: 2 }, names));
  const again = readEntryFile(file, trusted);
  writeFileSync(file, entryText({ format: 2, deps: [] }, names));
  assert.equal(again?.closure(), undefined, "rewritten with another head since");
});

test("no whole first line, a head that does not parse, or an untrusted file is no entry; a link is not followed", (t) => {
  const dir = scratch(t);
  const file = join(dir, "e.json");
  writeFileSync(file, '{"format":2}');
  assert.equal(readEntryFile(file, trusted), undefined, "no newline");
  writeFileSync(file, "");
  assert.equal(readEntryFile(file, trusted), undefined, "empty");
  writeFileSync(file, "{ not json\nname\n");
  assert.equal(readEntryFile(file, trusted), undefined, "not JSON");
  writeFileSync(file, entryText({ format: 2 }, names));
  assert.equal(readEntryFile(file, () => "not ours"), undefined);
  symlinkSync(file, join(dir, "link.json"));
  assert.throws(() => readEntryFile(join(dir, "link.json"), trusted), { code: "ELOOP" });
});

test("a FIFO in an entry's place is opened without waiting for a writer, and refused as not a regular file", (t) => {
  const fifo = join(scratch(t), "e.json");
  assert.equal(spawnSync("mkfifo", [fifo]).status, 0);
  // In a child, which a blocking open would keep past its time limit (it cannot be interrupted in this thread).
  const code = `import { readEntryFile } from ${JSON.stringify(join(import.meta.dirname, "entry-file.ts"))};\nprocess.stdout.write(String(readEntryFile(${JSON.stringify(fifo)}, (st) => (st.isFile() ? undefined : "not a regular file"))));`;
  const r = spawnSync(process.execPath, [...process.execArgv, "--input-type=module", "-e", code], { encoding: "utf8", timeout: 20_000 });
  assert.equal(r.signal, null, "the read did not wait for a writer");
  assert.equal(r.stdout, "undefined", r.stderr);
});
