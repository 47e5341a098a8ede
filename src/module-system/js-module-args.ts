/**
 * The argument object a TypeScript module function receives. Nothing is
 * read when the module destructures it: `config` and `options` are lazy
 * views, and every argument that comes from `_module.args` (such as `pkgs`)
 * is a lazy proxy, forced on first use.
 */
import { force, Thunk, type Lazy } from "../nix/value.ts";
import { lazyAttrsProxy, lazyProxy, toJS } from "../nix/js-value.ts";
import { jsLib } from "./js-lib.ts";

/** `lib` is the TypeScript lib; collection arguments (`arg`) already computed are given as they are, others lazily. */
export function jsArgs(arg: (name: string) => Lazy | undefined, fromConfig: (name: string) => Lazy): unknown {
  const cache = new Map<string, unknown>();
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get(_t, key) {
      if (typeof key !== "string") return undefined;
      if (cache.has(key)) return cache.get(key);
      let v: unknown;
      const given = key === "lib" ? undefined : arg(key);
      if (key === "lib") v = jsLib;
      else if (key === "config" || key === "options") v = attrsView(given as Lazy, key);
      else if (given !== undefined) v = given instanceof Thunk && !given.isForced ? lazyView(given, key) : toJS(given);
      else v = lazyView(fromConfig, key);
      cache.set(key, v);
      return v;
    },
  });
}

// The views are made here, apart from the proxy's scope: a module keeping one (a closure reading
// `config`) keeps the argument it views, not the other arguments nor the cache.

function attrsView(arg: Lazy, key: string): unknown {
  return lazyAttrsProxy(() => force(arg), key);
}

function lazyView(arg: Lazy | ((key: string) => Lazy), key: string): unknown {
  return typeof arg === "function" ? lazyProxy(() => arg(key), key) : lazyProxy(() => arg, key);
}
