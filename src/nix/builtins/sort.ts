/**
 * `builtins.sort lt list`: a stable bottom-up merge sort that asks only
 * "is b less than a?", so equal elements keep their order (the module
 * system's order semantics depend on it) and a long list never deepens the
 * JavaScript stack.
 */
import type { Lazy, Value } from "../value.ts";
import { argFrame, call2, forceBool, forceFunction, forceList, primop } from "./primop.ts";

/** Sorts stably with `less`; never calls it on an element and itself. */
export function stableSort<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  let src = items.slice();
  let dst = new Array<T>(src.length);
  for (let width = 1; width < src.length; width *= 2) {
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = less(src[j] as T, src[i] as T) ? (src[j++] as T) : (src[i++] as T);
      while (i < mid) dst[k++] = src[i++] as T;
      while (j < hi) dst[k++] = src[j++] as T;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

export function sortBuiltins(): Record<string, Value> {
  return {
    sort: primop("sort", 2, (f, l) => {
      const list = forceList(l, argFrame(1, "sort"));
      if (list.length === 0) return [];
      const lt = forceFunction(f, argFrame(0, "sort"));
      const less = (a: Lazy, b: Lazy) =>
        forceBool(call2(lt, a, b), "while evaluating the return value of the sorting function passed to builtins.sort");
      return stableSort(list, less);
    }),
  };
}
