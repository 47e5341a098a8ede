/**
 * canonPath against the lexical rule it implements, on every string of
 * up to seven characters over `/`, `.`, `a` (absolute, relative, with
 * `.`, `..`, `...`, repeated and trailing slashes): those already
 * canonical come back as they are, the others are resolved.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { posix } from "node:path";
import { canonPath, resolvePath } from "./canon-path.ts";

/** The oracle: Node's own lexical resolution from the root (another implementation of the same rule). */
function byComponents(path: string): string {
  return posix.resolve("/", path);
}

function* strings(alphabet: string, max: number): Generator<string> {
  let level = [""];
  for (let n = 1; n <= max; n++) {
    const next: string[] = [];
    for (const s of level) for (const c of alphabet) next.push(s + c);
    yield* next;
    level = next;
  }
}

test("canonPath resolves `.`, `..` and repeated and trailing slashes, and leaves a canonical path as it is", () => {
  let canonical = 0;
  for (const p of strings("/.a", 7)) {
    const want = byComponents(p);
    assert.equal(canonPath(p), want, JSON.stringify(p));
    if (want === p) canonical++;
  }
  assert.ok(canonical > 50, `${canonical} canonical paths among them`);
  assert.equal(canonPath("/nix/store/abc-foo/.hidden/..x/x..y"), "/nix/store/abc-foo/.hidden/..x/x..y");
  assert.equal(canonPath("/a/b/../../../c"), "/c");
});

test("a path literal keeps a trailing slash (an interpolation follows), resolved against its directory", () => {
  assert.equal(resolvePath("/dir/sub", "../x/"), "/dir/x/");
  assert.equal(resolvePath("/dir", "./"), "/dir/");
  assert.equal(resolvePath("/dir", "/"), "/");
  assert.equal(resolvePath("/dir", "a//b/."), "/dir/a/b");
});
