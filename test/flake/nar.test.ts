/**
 * NAR serialisation and source store paths against values Nix 2.8 gave
 * for the same trees (`nix-store --dump DIR | sha256sum`, `nix hash path
 * --sri`, `nix store add-path --name source` into a store at our
 * directory): a file, an executable, a symlink, nested and empty
 * directories, an empty file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { narHash, narSha256, narStream } from "../../src/store/nar.ts";
import { sourceStorePath } from "../../src/flake/fetch/source-path.ts";

function tree(): string {
  const t = join(mkdtempSync(join(tmpdir(), "sm-nar-")), "t");
  mkdirSync(join(t, "a/b"), { recursive: true });
  mkdirSync(join(t, "empty"));
  writeFileSync(join(t, "file"), "hello\n");
  writeFileSync(join(t, "exe"), "#!/bin/sh\necho hi\n");
  chmodSync(join(t, "exe"), 0o755);
  symlinkSync("file", join(t, "link"));
  writeFileSync(join(t, "a/b/deep"), "x");
  writeFileSync(join(t, "a/emptyfile"), "");
  return t;
}

test("a directory tree's NAR hash and source store path are Nix's", () => {
  const t = tree();
  assert.equal(narSha256(t).toString("hex"), "14f0eb4dc55d937e68c9db393f4e1502fbcd6fadf7589dc66f5f8322eeed9645");
  assert.equal(narHash(t), "sha256-FPDrTcVdk35oyds5P04VAvvNb633WJ3Gb1+DIu7tlkU=");
  assert.equal(sourceStorePath(narSha256(t)), "/var/lib/system-manager/store/kzfdv9kd90j42sq0bpk7ib0bm5dqax1f-source");
});

test("a file's and a symlink's NAR are Nix's", () => {
  const t = tree();
  assert.equal(narHash(join(t, "file")), "sha256-HDfQGvQL4ugGkd48w99EN3ppmvuxfGjwgJZLL9Bx/BM=");
  assert.equal(narSha256(join(t, "link")).toString("hex"), "6b867ee22b9f71ae8654855e521aab72fa15b2e779e25c81c7cc7c78e1c4bd07");
});

test("the NAR starts with the magic and pads strings to 8 bytes", () => {
  const bytes = Buffer.concat([...narStream(join(tree(), "file"))]);
  assert.equal(bytes.readBigUInt64LE(0), 13n);
  assert.equal(bytes.subarray(8, 21).toString(), "nix-archive-1");
  assert.equal(bytes.length % 8, 0);
});
