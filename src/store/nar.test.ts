/**
 * The one NAR serialiser read two ways: from disk (nar.ts) and through
 * EvalIO (src/nix/nar-hash.ts) give the same bytes for a tree with a
 * symlink, an executable, an empty directory, a file larger than one read
 * chunk and names whose byte order is not JavaScript's string order; the
 * bytes are those of Nix 2.8's `nix-store --dump` (skipped visibly
 * without it), also for a name that is not UTF-8, which only the disk
 * reader can name; a large file comes out in chunks, never whole.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeIO } from "../nix/io.ts";
import { narHash as narHashIO, narStreamIO } from "../nix/nar-hash.ts";
import { narSha256, narStream } from "./nar.ts";

const MiB = 1 << 20;

function tree(t: { after(f: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "sm-nar-both-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const top = join(dir, "top");
  mkdirSync(join(top, "empty"), { recursive: true });
  mkdirSync(join(top, "sub"));
  writeFileSync(join(top, "sub", "large"), Buffer.alloc(MiB + 12_345, "abc"));
  writeFileSync(join(top, "run"), "#!/bin/sh\necho hi\n");
  chmodSync(join(top, "run"), 0o755);
  symlinkSync("../run", join(top, "sub", "link"));
  // U+E000 sorts before U+1F600 by UTF-8 bytes, after it by UTF-16 code units.
  for (const name of ["\u{1F600}", "\uE000", "a-b", "a.b", "a", "B", "ab", "emptyfile"]) writeFileSync(join(top, name), name === "emptyfile" ? "" : `${name}\n`);
  return top;
}

const bytes = (chunks: Iterable<Buffer>) => Buffer.concat([...chunks]);

/** What `nix-store --dump` writes for `path`, or undefined when it is not installed. */
function nixDump(path: string): Buffer | undefined {
  const state = mkdtempSync(join(tmpdir(), "sm-nar-nix-"));
  try {
    const r = spawnSync("nix-store", ["--dump", path], { maxBuffer: 64 * MiB, env: { ...process.env, NIX_STATE_DIR: join(state, "state"), NIX_STORE_DIR: join(state, "store"), HOME: state } });
    if (r.error !== undefined) return undefined;
    assert.equal(r.status, 0, r.stderr.toString());
    return r.stdout;
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

test("the disk reader and the EvalIO reader give the same NAR, entries in byte order", (t) => {
  const top = tree(t);
  const disk = bytes(narStream(top));
  assert.ok(disk.equals(bytes(narStreamIO(nodeIO, top))));
  assert.ok(narSha256(top).equals(narHashIO(nodeIO, top)));
  const smiley = disk.indexOf(Buffer.from("\u{1F600}"));
  const privateUse = disk.indexOf(Buffer.from("\uE000"));
  assert.ok(privateUse > 0 && smiley > privateUse);
});

test("a file larger than a read chunk comes out in chunks, none holding it whole", (t) => {
  const file = join(tree(t), "sub", "large");
  const chunks = [...narStream(file)];
  assert.ok(chunks.length > 1);
  assert.ok(chunks.every((c) => c.length <= MiB));
  // The magic, "(", "type", "regular", "contents", the length, the bytes padded to 8, ")".
  assert.equal(bytes(chunks).length, 24 + 4 * 16 + 8 + (MiB + 12_345) + 7 + 16);
});

test("the disk reader's filter sees paths relative to the top; what it rejects is left out", (t) => {
  const top = tree(t);
  const seen: string[] = [];
  const kept = narSha256(top, (rel) => (seen.push(rel), rel !== "sub"));
  assert.ok(seen.includes("sub") && !seen.includes("sub/large") && seen.includes("empty"));
  assert.ok(kept.equals(narHashIO(nodeIO, top, (p) => p !== join(top, "sub"))));
  assert.ok(!kept.equals(narSha256(top)));
});

test("the NARs are the bytes of Nix 2.8's nix-store --dump, a name that is not UTF-8 included", (t) => {
  const top = tree(t);
  const nix = nixDump(top);
  if (nix === undefined) {
    t.skip("nix-store is not installed");
    return;
  }
  assert.ok(bytes(narStream(top)).equals(nix));
  assert.ok(bytes(narStreamIO(nodeIO, top)).equals(nix));
  assert.ok(bytes(narStream(join(top, "sub", "link"))).equals(nixDump(join(top, "sub", "link")) as Buffer));
  const latin1 = Buffer.concat([Buffer.from(join(top, "empty") + "/"), Buffer.from([0x63, 0x61, 0x66, 0xe9])]);
  writeFileSync(latin1, "not UTF-8\n");
  assert.ok(bytes(narStream(top)).equals(nixDump(top) as Buffer));
});

test("a file is executable in a NAR when its owner may run it, as Nix's S_IXUSR test: group or other execute bits alone do not count", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "sm-nar-xbits-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (mode: number) => {
    const p = join(dir, mode.toString(8));
    writeFileSync(p, "x\n");
    chmodSync(p, mode);
    return p;
  };
  const executable = (p: string) => bytes(narStream(p)).includes(Buffer.from("executable"));
  for (const [mode, expected] of [[0o615, false], [0o645, false], [0o601, false], [0o700, true], [0o744, true]] as const) {
    const p = file(mode);
    assert.equal(executable(p), expected, `mode ${mode.toString(8)}`);
    assert.ok(bytes(narStreamIO(nodeIO, p)).equals(bytes(narStream(p))), `both readers agree on mode ${mode.toString(8)}`);
    const nix = nixDump(p);
    if (nix !== undefined) assert.ok(bytes(narStream(p)).equals(nix), `nix-store --dump agrees on mode ${mode.toString(8)}`);
  }
});
