/**
 * lib.trivial, lib.fixedPoints, lib.asserts, lib.debug and lib.versions
 * through the value model: combinators, warnings and throws, functors,
 * fixed points and `extend`, assertions, traces, version strings.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, get, jsFn, lib, plain, run, set, traces, warnings } from "./test-support.ts";
import { fn } from "./fn.ts";
import { CatchableError } from "../nix/errors.ts";
import { force, NixAttrs, NixFunction, Thunk, type Lazy } from "../nix/value.ts";

const inc = jsFn((x: number) => x + 1);
const twice = jsFn((x: number) => x * 2);

test("id, const, flip, pipe, concat, boolean helpers", () => {
  assert.equal(run("id", 3), 3);
  assert.equal(run("const", 1, 2), 1);
  assert.deepEqual(run("flip", jsFn((a: number, b: number) => [a, b]), 1, 2), [2, 1]);
  assert.equal(run("pipe", 2, [inc, twice]), 6);
  assert.deepEqual(run("concat", [1], [2, 3]), [1, 2, 3]);
  assert.deepEqual([run("or", false, true), run("and", true, false), run("xor", true, true)], [true, false, false]);
  assert.deepEqual([run("boolToString", true), run("boolToYesNo", false)], ["true", "no"]);
  assert.deepEqual([run("min", 3, 2), run("max", 3, 2), run("mod", -7, 3), run("compare", "a", "b")], [2, 3, -1, -1]);
  assert.deepEqual([run("defaultTo", 1, null), run("defaultTo", 1, 2), run("mapNullable", inc, null)], [1, 2, null]);
  assert.deepEqual([run("toHexString", 255), run("toBaseDigits", 2, 6)], ["FF", [1, 1, 0]]);
});

test("the release is fixed", () => {
  assert.deepEqual([run("version"), run("trivial.version"), run("trivial.release")], ["26.11", "26.11", "26.11"]);
  assert.equal(run("oldestSupportedReleaseIsAtLeast", 2505), true);
});

test("warn, warnIf and showWarnings report on the warning channel and return the value", () => {
  warnings.length = 0;
  assert.equal(run("warn", "careful", 1), 1);
  assert.equal(run(call("warnIf", false, "never"), 2), 2);
  assert.equal(run(call("warnIf", true, "yes"), 3), 3);
  assert.equal(run("showWarnings", ["a", "b"], 4), 4);
  assert.deepEqual(warnings, ["careful", "yes", "a", "b"]);
});

test("throwIf and throwIfNot are catchable throws", () => {
  assert.throws(() => call("throwIf", true, "bad"), (e) => e instanceof CatchableError && e.message === "bad");
  assert.equal(run(call("throwIfNot", true, "fine"), 5), 5);
  assert.throws(() => call("throwIfNot", false, "not fine"), /not fine/);
});

test("isFunction and functionArgs understand functors and setFunctionArgs", () => {
  const f = new NixFunction(() => null, { names: new Map([["a", false], ["b", true]]), ellipsis: false });
  assert.deepEqual(run("functionArgs", f), { a: false, b: true });
  const functor = set({ __functor: fn("self", (_self) => f) });
  assert.equal(run("isFunction", functor), true);
  assert.equal(run("isFunction", set({})), false);
  assert.deepEqual(run("functionArgs", functor), { a: false, b: true });
  const wrapped = call("setFunctionArgs", inc, { x: false });
  assert.deepEqual(run("functionArgs", wrapped), { x: false });
  assert.equal(run(wrapped, 1), 2);
  assert.equal(run(call("toFunction", 7), "ignored"), 7);
});

test("type predicates", () => {
  assert.deepEqual(
    [run("isAttrs", {}), run("isList", []), run("isString", "s"), run("isBool", true), run("isInt", 1), run("isFloat", 1.5), run("typeOf", 1.5)],
    [true, true, true, true, true, true, "float"],
  );
});

test("fix ties a lazy knot; extend adds to the lib and keeps the rest", () => {
  const r = call("fix", fn("self", (self) => set({ a: 1n, b: new Thunk(() => ((force(self) as NixAttrs).get("a") as bigint) + 1n) })));
  assert.deepEqual(plain(r), { a: 1, b: 2 });
  const extended = call("extend", fn("overlay", (_final, prev) => set({ hm: set({ ok: true }), prevHasMkIf: force(prev) instanceof NixAttrs })));
  assert.equal(plain(get("hm.ok", extended)), true);
  assert.equal(plain(get("prevHasMkIf", extended)), true);
  assert.ok(get("mkIf", extended) instanceof NixFunction);
  assert.equal(plain(call(get("strings.toUpper", extended), "ok")), "OK");
});

test("composeManyExtensions applies overlays left to right", () => {
  const add = (k: string) => fn("overlay", (_final, prev) => set({ list: [...((force(prev) as NixAttrs).get("list") as Lazy[]), k] }));
  const composed = call("composeManyExtensions", [add("a"), add("b")]);
  assert.deepEqual(plain(call(composed, set({}), set({ list: [] }))), { list: ["a", "b"] });
});

test("asserts: assertMsg, assertOneOf, checkAssertWarn", () => {
  assert.equal(run("assertMsg", true, "x"), true);
  assert.throws(() => call("assertMsg", false, "broken"), /^CatchableError: broken$|broken/);
  assert.throws(() => call("assertOneOf", "color", "pink", ["red", "blue"]), { message: 'color must be one of [\n  "red"\n  "blue"\n], but is: "pink"' });
  assert.throws(
    () => call("asserts.checkAssertWarn", [{ assertion: false, message: "one" }, { assertion: true, message: "ok" }], [], 1),
    { message: "\nFailed assertions:\n- one" },
  );
});

test("traces go to the trace channel", () => {
  traces.length = 0;
  assert.equal(run("debug.traceVal", "seen"), "seen");
  assert.equal(run("trace", { a: 1 }, 2), 2);
  assert.deepEqual(traces, ["seen", "{\n  a = 1;\n}"]);
});

test("versions and version comparison", () => {
  assert.deepEqual([run("versions.major", "26.11.3"), run("versions.minor", "26.11.3"), run("versions.majorMinor", "26.11.3")], ["26", "11", "26.11"]);
  assert.deepEqual(run("versions.splitVersion", "1.2pre3-rc4"), ["1", "2", "pre", "3", "rc", "4"]);
  assert.equal(run("versions.pad", 3, "1.2-rc1"), "1.2.0-rc1");
  assert.deepEqual([run("versionOlder", "1.9", "1.10"), run("versionAtLeast", "2.3", "2.3"), run("versionAtLeast", "2.3pre1", "2.3")], [true, true, false]);
  assert.deepEqual([run("compareVersions", "2.3a", "2.3.1"), run("compareVersions", "1.0", "1.0.0")], [-1, -1]);
});

test("the top level holds the families' functions and the families themselves", () => {
  for (const name of ["mkIf", "mkOption", "concatStringsSep", "mapAttrs", "foldl'", "getExe", "evalModules", "types", "generators", "versions", "options", "modules"]) {
    assert.ok(lib.has(name), name);
  }
  assert.deepEqual(run("replicate", 2, "x"), ["x", "x"]);
  assert.equal(run("strings.replicate", 2, "ab"), "abab");
});
