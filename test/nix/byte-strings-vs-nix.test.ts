/**
 * Strings holding bytes that are not UTF-8, against Nix 2.8's
 * nix-instantiate: a file read with readFile, a literal with such bytes
 * in the source, and characters cut in two by substring and joined again
 * (concatStringsSep, `+`, interpolation). Their lengths,
 * slices, hashes, comparisons and regular expression matches must be
 * those of the bytes. (Results are
 * printed as lengths, hashes and booleans, which both print alike.)
 * Skipped visibly without nix-instantiate.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalFile, forceDeep } from "../../src/nix/evaluate.ts";
import { printValue } from "../../src/nix/print-value.ts";

/** A file of Latin-1 text, an invalid lead byte, a cut-off character and a valid one. */
const BAD = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x2d, 0xe2, 0x82, 0x2d, 0xc3, 0xa9]);

const CASES: readonly Buffer[] = [
  Buffer.from(`let s = builtins.readFile ./bad; in [
    (builtins.stringLength s)
    (builtins.hashString "sha256" s)
    (builtins.hashString "md5" (builtins.substring 3 4 s))
    (builtins.stringLength (builtins.substring 2 5 s))
    (builtins.substring 10 2 s == "\u00e9")
    (builtins.substring 3 1 s == builtins.substring 3 1 s)
    (builtins.substring 3 1 s == builtins.substring 5 1 s)
    (s == builtins.readFile ./bad)
    (map builtins.stringLength (builtins.match "caf(.) (.)-(.*)" s))
    (builtins.length (builtins.split "-" s))
  ]`),
  Buffer.concat([Buffer.from('let lit = "'), Buffer.from([0xfe, 0x41, 0xc3]), Buffer.from('"; in [ (builtins.stringLength lit) (builtins.hashString "sha1" lit) (builtins.substring 1 1 lit) ]')]),
  Buffer.from(`let e = "\u00e9\u20ac"; cut = builtins.substring 0 1 e; in [
    (builtins.stringLength cut)
    (builtins.hashString "sha256" cut)
    (builtins.concatStringsSep "" [ cut (builtins.substring 1 4 e) ] == e)
    (builtins.hashString "sha256" (builtins.concatStringsSep "-" [ cut cut ]))
    (cut == builtins.substring 0 1 "\u00e8")
  ]`),
  Buffer.from(`let e = "\u00e9"; a = builtins.substring 0 1 e; b = builtins.substring 1 1 e; in [
    (a + b == e)
    ("\${a}\${b}" == e)
    ("x\${a}\${b}y" == "x\${e}y")
    (builtins.stringLength (a + b + a))
    (builtins.hashString "sha256" ("\${a}-\${b}"))
    (builtins.match "(.)" (a + b) == [ e ])
  ]`),
];

function ours(file: string): string {
  try {
    return printValue(forceDeep(evalFile(file, { warn: () => {}, trace: () => {} })));
  } catch (e) {
    return `error: ${String(e)}`;
  }
}

test("strings holding bytes outside UTF-8: the same lengths, slices, hashes and comparisons as Nix 2.8", (t) => {
  for (const source of CASES) {
    const dir = mkdtempSync(join(tmpdir(), "sm-bytes-"));
    try {
      writeFileSync(join(dir, "bad"), BAD);
      writeFileSync(join(dir, "t.nix"), source);
      const nix = spawnSync("nix-instantiate", ["--eval", "--strict", join(dir, "t.nix")], {
        encoding: "utf8",
        env: { ...process.env, NIX_STATE_DIR: join(dir, "state"), NIX_STORE_DIR: join(dir, "store"), HOME: dir },
      });
      if (nix.error !== undefined) return t.skip("nix-instantiate is not installed");
      assert.equal(nix.status, 0, nix.stderr);
      assert.equal(ours(join(dir, "t.nix")), nix.stdout.trim(), source.toString("latin1"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
