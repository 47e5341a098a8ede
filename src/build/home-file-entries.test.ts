/**
 * enabledFileEntries (home-file-entries.ts): the same enabled entries,
 * targets and fields whether `file` is a plain object or a view of Nix
 * values, which is read through its set.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { lazyFromJS, toJS } from "../nix/js-value.ts";
import { enabledFileEntries } from "./home-file-entries.ts";

const file = {
  a: { enable: true, target: ".config/a", text: "a\n", source: "/s/a", executable: null, recursive: false, onChange: "", force: false },
  b: { enable: false, target: "b", text: null, source: "/s/b", executable: true, recursive: true, onChange: "x", force: true },
  c: { enable: true, target: "c", text: null, source: "/s/c", executable: true, recursive: true, onChange: "echo c", force: true },
};

const read = (f: unknown) =>
  enabledFileEntries(f).map(({ field, target }) => ({ target, ...Object.fromEntries(Object.keys(file.a).map((k) => [k, field(k)])), missing: field("missing") }));

test("the enabled entries of a plain file set and of a view of Nix values are the same, read field by field", () => {
  const plain = read(file);
  assert.deepEqual(
    plain.map((e) => e.target),
    [".config/a", "c"],
  );
  assert.deepEqual(plain[1], { ...file.c, target: "c", missing: undefined });
  assert.deepEqual(read(toJS(lazyFromJS(file))), plain);
});
