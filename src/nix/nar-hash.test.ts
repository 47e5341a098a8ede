/** NAR hashes read through nodeIO, against `nix-hash --type sha256` (Nix 2.8) of the same tree. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeIO } from "./io.ts";
import { narHash } from "./nar-hash.ts";

test("a tree with a file, an executable, a symlink and a subdirectory hashes as Nix's NAR; a filter leaves entries out", () => {
  const src = mkdtempSync(join(tmpdir(), "sm-nar-hash-"));
  mkdirSync(join(src, "sub"));
  writeFileSync(join(src, "a.txt"), "hello\n");
  writeFileSync(join(src, "run.sh"), "#!/bin/sh\n");
  chmodSync(join(src, "run.sh"), 0o755);
  writeFileSync(join(src, "sub", "skip.me"), "x");
  symlinkSync("a.txt", join(src, "link"));
  assert.equal(narHash(nodeIO, src).toString("hex"), "94c421090f7fafe7be45814226160d95d05d011d409bb39c385f1ebd468b0d9a");
  const seen: string[] = [];
  const kept = narHash(nodeIO, src, (p, type) => (seen.push(`${p.slice(src.length)} ${type}`), type !== "directory"));
  assert.notEqual(kept.toString("hex"), narHash(nodeIO, src).toString("hex"));
  assert.deepEqual(seen.sort(), ["/a.txt regular", "/link symlink", "/run.sh regular", "/sub directory"]);
});
