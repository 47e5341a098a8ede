/**
 * The argument object a TypeScript module function receives. Nothing is
 * read when the module destructures it: `config` and `options` are lazy
 * views, and every argument that comes from `_module.args` (such as `pkgs`)
 * is a lazy proxy, forced on first use.
 */
import { force, Thunk, type Lazy } from "../nix/value.ts";
import { lazyAttrsProxy, lazyProxy, toJS } from "../nix/js-value.ts";
import { jsLib } from "./js-lib.ts";

/** Where a module function's arguments come from: the evaluation's own (`arg`), else `_module.args` (`fromConfig`). */
export interface ArgsSource {
  arg(name: string): Lazy | undefined;
  fromConfig(name: string, key: string): Lazy;
}

/** `lib` is the TypeScript lib; collection arguments (`arg`) already computed are given as they are, others lazily; `key` names the module. */
export function jsArgs(source: ArgsSource, key: string): unknown {
  return new Proxy(Object.create(null) as Record<string, unknown>, new ArgsHandler(source, key));
}

/** The proxy's handler: each argument made once, when first read (one object per module call, no closures). */
class ArgsHandler implements ProxyHandler<Record<string, unknown>> {
  readonly #source: ArgsSource;
  readonly #key: string;
  readonly #cache = new Map<string, unknown>();

  constructor(source: ArgsSource, key: string) {
    this.#source = source;
    this.#key = key;
  }

  get(_t: Record<string, unknown>, key: string | symbol): unknown {
    if (typeof key !== "string") return undefined;
    const cache = this.#cache;
    if (cache.has(key)) return cache.get(key);
    let v: unknown;
    const given = key === "lib" ? undefined : this.#source.arg(key);
    if (key === "lib") v = jsLib;
    else if (key === "config" || key === "options") v = attrsView(given as Lazy, key);
    else if (given !== undefined) v = given instanceof Thunk && !given.isForced ? lazyView(given, key) : toJS(given);
    else v = configView(this.#source, key, this.#key);
    cache.set(key, v);
    return v;
  }
}

// The views are made here, apart from the proxy's scope: a module keeping one (a closure reading
// `config`) keeps the argument it views, not the other arguments nor the cache.

function attrsView(arg: Lazy, key: string): unknown {
  return lazyAttrsProxy(() => force(arg), key);
}

function lazyView(arg: Lazy, key: string): unknown {
  return lazyProxy(() => arg, key);
}

function configView(source: ArgsSource, name: string, moduleKey: string): unknown {
  return lazyProxy(() => source.fromConfig(name, moduleKey), name);
}
