import { test } from "node:test";
import assert from "node:assert/strict";
import { coerceOrPending, isPending, resolvePending } from "./pending-string.ts";
import { NotYetKnownError } from "./errors.ts";
import { force, NixAttrs, NixString, Thunk } from "./value.ts";
import { fromJS, lazyFromJS, toJS } from "./js-value.ts";

const PATH = "/nix/store/00000000000000000000000000000000-hello";

/** A package whose outPath throws NotYetKnownError until `known.value` is set. */
function pkg(known: { value: boolean }): Record<string, unknown> {
  const outPath = () => {
    if (!known.value) throw new NotYetKnownError("not yet");
    return new NixString(PATH, new Set([PATH]));
  };
  return toJS(NixAttrs.from({ pname: "hello", outPath: new Thunk(outPath) })) as Record<string, unknown>;
}

test("a value already known coerces to its text", () => {
  assert.equal(`${pkg({ value: true })}/bin/hello`, `${PATH}/bin/hello`);
});

test("a value not known yet gives a placeholder, resolved with its context once known", () => {
  const known = { value: false };
  const s = `${pkg(known)}/bin/hello`;
  assert.ok(isPending(s));
  assert.doesNotMatch(s, /hello\/bin/);
  const lazy = lazyFromJS(s);
  assert.ok(lazy instanceof Thunk, "crossing into Nix forces nothing");
  assert.throws(() => force(lazy), NotYetKnownError);
  known.value = true;
  const v = force(lazy);
  assert.ok(v instanceof NixString);
  assert.equal(v.s, `${PATH}/bin/hello`);
  assert.deepEqual([...v.context], [PATH]);
  assert.deepEqual(fromJS({ a: [s] }) instanceof NixAttrs, true);
});

test("a placeholder that was changed is an error naming the value", () => {
  const known = { value: false };
  const s = `${pkg(known)}`.slice(1);
  known.value = true;
  assert.throws(() => resolvePending(s), /a string was made from 'pkgs.hello' before its value was known .* and then changed/);
  assert.throws(() => resolvePending(s.toUpperCase()), /and then changed/);
});

test("other errors of a coercion are not deferred", () => {
  assert.throws(() => coerceOrPending(() => "x", () => { throw new Error("boom"); }), /boom/);
});

test("a placeholder in an attribute name is an error", () => {
  const s = `${pkg({ value: false })}`;
  assert.throws(() => fromJS({ [s]: 1 }), /Cannot use the name .* it holds a store path not known yet/);
});
