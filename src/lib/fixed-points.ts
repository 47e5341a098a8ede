/**
 * `lib.fixedPoints`: `fix` (a value defined in terms of itself, lazily),
 * `fix'` (keeping `__unfix__`), overlays (`extends`, composeExtensions,
 * composeManyExtensions, toExtension) and `makeExtensible`, which gives a
 * set an `extend` function taking an overlay; `lib.extend` is this.
 */
import { force, NixAttrs, Thunk, type Lazy, type Value } from "../nix/value.ts";
import { call, fn, isCallable } from "./fn.ts";
import { attrs, expectAttrs, expectList } from "../nix/expect.ts";

export function fix(f: Lazy): Value {
  const x: Thunk = new Thunk(() => call(f, x), "fix");
  return force(x);
}

/** `extends overlay f`: final: f final // overlay final (f final). */
export function extendsFn(overlay: Lazy, f: Lazy): Value {
  return fn("extends", (final) => {
    const prev = new Thunk(() => call(f, final));
    return expectAttrs(prev).update(expectAttrs(call(overlay, final, prev)));
  });
}

/** `makeExtensibleWithCustomName name rattrs`: fix rattrs, plus `name = overlay: makeExtensible… (extends overlay rattrs)`. */
export function makeExtensible(extenderName: string, rattrs: Lazy): Value {
  return fix(
    fn("makeExtensible", (self) =>
      expectAttrs(call(rattrs, self)).update(
        attrs({ [extenderName]: fn(extenderName, (overlay) => makeExtensible(extenderName, extendsFn(overlay, rattrs))) }),
      ),
    ),
  );
}

function composeExtensions(f: Lazy, g: Lazy): Value {
  return fn("composeExtensions", (final, prev) => {
    const fApplied = new Thunk(() => call(f, final, prev));
    const prev2 = new Thunk(() => expectAttrs(prev).update(expectAttrs(fApplied)));
    return expectAttrs(fApplied).update(expectAttrs(call(g, final, prev2)));
  });
}

export function fixedPointsLib(): Record<string, Value> {
  const empty = fn("composeManyExtensions", (_final, _prev) => NixAttrs.empty);
  return {
    fix: fn("fix", fix),
    "fix'": fn("fix'", (f) => {
      const x: Thunk = new Thunk(() => expectAttrs(call(f, x)).update(attrs({ __unfix__: f })), "fix'");
      return force(x);
    }),
    extends: fn("extends", extendsFn),
    composeExtensions: fn("composeExtensions", composeExtensions),
    composeManyExtensions: fn("composeManyExtensions", (list) =>
      expectList(list).reduceRight<Value>((acc, f) => composeExtensions(f, acc), empty),
    ),
    toExtension: fn("toExtension", (f) => {
      const v = force(f);
      if (!isCallable(v)) return fn("toExtension", (_final, _prev) => v);
      return fn("toExtension", (final, prev) => {
        const fPrev = call(v, prev);
        return isCallable(fPrev) ? call(v, final, prev) : fPrev;
      });
    }),
    makeExtensible: fn("makeExtensible", (rattrs) => makeExtensible("extend", rattrs)),
    makeExtensibleWithCustomName: fn("makeExtensibleWithCustomName", (name, rattrs) => makeExtensible(String(force(name)), rattrs)),
  };
}

