/**
 * Our lib warns where nixpkgs' lib warns, with the same words: deprecated
 * aliases (`fold`, `isInOldestRelease`, `nixpkgsVersion`, the top-level
 * `evalOptionValue`), getExe without `meta.mainProgram`, an unknown SPDX
 * id, a malformed hex string, toPlist without `escape` — and stays quiet
 * where nixpkgs does (expressions evaluated with both, their warnings
 * recorded; lib-vs-nixpkgs.ts). Skips visibly without the nixpkgs.lib copy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compare, skip, warnings } from "./lib-vs-nixpkgs.ts";

/** Each expression warns, as nixpkgs' lib does (or, with `quiet`, neither lib warns), and has the same value. */
const sameWarnings = (exprs: readonly string[], quiet = false) => {
  for (const e of exprs) {
    const { real, ours } = warnings(e);
    assert.equal(real.length === 0, quiet, `nixpkgs' warnings for ${e}: ${JSON.stringify(real)}`);
    assert.deepEqual(ours, real, e);
    const values = compare(e);
    assert.deepEqual(values.ours, values.real, e);
  }
};

test("deprecated aliases warn as nixpkgs' do", { skip }, () =>
  sameWarnings([
    `lib.fold (a: b: a + b) 0 [ 1 2 ]`,
    `lib.isInOldestRelease 2305`,
    `builtins.seq lib.nixpkgsVersion null`,
    `lib.evalOptionValue`,
  ]),
);

test("getExe warns about a missing meta.mainProgram, naming the package as nixpkgs does", { skip }, () =>
  sameWarnings([
    `lib.getExe { type = "derivation"; name = "hello-1.0"; pname = "hello"; outPath = "/o"; }`,
    `lib.getExe { type = "derivation"; name = "hello-1.0"; meta.name = "a b"; outPath = "/o"; }`,
    `lib.getExe { type = "derivation"; name = "hello-1.0"; outPath = "/o"; }`,
    `lib.getExe { type = "derivation"; pname = "p"; meta = 1; outPath = "/o"; }`,
  ]),
);

test("getExe is quiet with meta.mainProgram, and for what is not a derivation", { skip }, () =>
  sameWarnings([`lib.getExe { type = "derivation"; name = "hello-1.0"; meta.mainProgram = "hi"; outPath = "/o"; }`, `lib.getExe { name = "not-a-derivation"; }`], true),
);

test("other warnings", { skip }, () =>
  sameWarnings([`lib.getLicenseFromSpdxId "No-Such-Id"`, `lib.fromHexString "zz"`, `lib.fromHexString "0XFF"`, `lib.fromHexString "a\\"b"`, `lib.generators.toPlist { } { }`]),
);

test("quiet where nixpkgs is quiet", { skip }, () =>
  sameWarnings([`lib.modules.evalOptionValue`, `lib.generators.toPlist { escape = true; } { }`, `lib.oldestSupportedReleaseIsAtLeast 2305`], true),
);
